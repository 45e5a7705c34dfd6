package io.daramjwee.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.daramjwee.policy.EvictionPolicies;
import io.daramjwee.policy.EvictionPolicy;
import io.daramjwee.policy.LruPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MemoryStore}'s eviction policies: choosing one by name or by supplier, and how a commit
 * asks the policy for victims and keeps within capacity when the policy names the wrong ones.
 */
class MemoryStorePolicyTest extends MemoryStoreSupport {

  @Test
  void policy_unknownName_throwsNamingTheValue() {
    assertThatThrownBy(() -> MemoryStore.builder().policy("mru"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown eviction policy 'mru'; known: lru");
  }

  @Test
  void policy_storesBuiltFromOneBuilder_neverShareAPolicy() throws Exception {
    List<EvictionPolicy> made = new ArrayList<>();
    MemoryStore.Builder builder = MemoryStore.builder().capacity(weight(1_000))
        .policy(() -> {
          LruPolicy policy = new LruPolicy();
          made.add(policy);
          return policy;
        });
    MemoryStore first = builder.build();
    MemoryStore second = builder.build();
    put(first, "a", 1_000);
    put(second, "b", 1_000);

    assertThat(made).hasSize(2);
    assertThat(first.stat("a")).isNotNull();
    assertThat(second.stat("b")).isNotNull();
    assertThat(MemoryStore.builder().capacity(10).policy("LRU").build()).isNotNull();
  }

  @Test
  void commit_policyNamingAnAbsentKeyForever_stillEndsWithinCapacity() throws Exception {
    EvictionPolicy broken = new EvictionPolicy() {
      @Override
      public void touch(String key) {}

      @Override
      public void add(String key, long size) {}

      @Override
      public void remove(String key) {}

      @Override
      public String evict() {
        return "never-stored";
      }
    };
    MemoryStore store = MemoryStore.builder().capacity(2 * weight(10)).policy(() -> broken).build();
    put(store, "a", 10);
    put(store, "b", 10);

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> put(store, "c", 10));

    assertThat(store.size()).isLessThanOrEqualTo(2 * weight(10));
    assertThat(store.stat("c")).isNotNull();
  }

  @ParameterizedTest
  @MethodSource("policyNames")
  void commit_everyNamedPolicy_keepsSizeWithinCapacityAndTheNewestEntry(String name)
      throws Exception {
    MemoryStore store = MemoryStore.builder().capacity(20 * weight(100)).policy(name).build();
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      put(store, "k" + i, 100);
      if (random.nextBoolean()) {
        store.stat("k" + random.nextInt(i + 1)); // hits, so the policies have something to weigh
      }
      assertThat(store.size()).isLessThanOrEqualTo(20 * weight(100));
      assertThat(store.stat("k" + i)).as("%s keeps the entry just written", name).isNotNull();
    }
    assertThat(store.entryCount()).isEqualTo(20);
  }

  static Stream<String> policyNames() {
    return EvictionPolicies.NAMES.stream();
  }

  @Test
  void policy_null_throws() {
    assertThatThrownBy(() -> MemoryStore.builder().policy((Supplier<EvictionPolicy>) null))
        .isInstanceOf(NullPointerException.class).hasMessage("policy");
  }

  @Test
  void commit_asksThePolicyForVictimsBeforeAddingTheNewKey() throws Exception {
    RecordingPolicy policy = new RecordingPolicy();
    MemoryStore store = MemoryStore.builder().capacity(2 * weight(10)).policy(() -> policy).build();
    put(store, "a", 10);
    put(store, "b", 10);

    put(store, "c", 10);
    store.delete("b");

    long w = weight(10);
    assertThat(policy.calls)
        .containsExactly("add a " + w, "add b " + w, "evict a", "add c " + w, "remove b");
  }

  @Test
  void commit_skipsVictimsTheStoreNoLongerHolds() throws Exception {
    RecordingPolicy policy = new RecordingPolicy();
    policy.ghosts.add("never-stored");
    MemoryStore store = MemoryStore.builder().capacity(2 * weight(10)).policy(() -> policy).build();
    put(store, "a", 10);
    put(store, "b", 10);

    put(store, "c", 10);

    assertThat(keysPresent(store, "a", "b", "c")).containsExactly("b", "c");
  }

  @Test
  void commit_withAPolicyThatLostTrackOfKeys_stillHonoursTheCapacity() throws Exception {
    EvictionPolicy amnesiac = new EvictionPolicy() {
      public void touch(String key) {}
      public void add(String key, long size) {}
      public void remove(String key) {}
      public String evict() {
        return null;
      }
    };
    MemoryStore store =
        MemoryStore.builder().capacity(3 * weight(10)).policy(() -> amnesiac).build();

    for (int i = 0; i < 10; i++) {
      put(store, "k" + i, 10);
    }

    assertThat(store.size()).isLessThanOrEqualTo(3 * weight(10));
    assertThat(store.stat("k9")).isEqualTo(MD);
  }
}
