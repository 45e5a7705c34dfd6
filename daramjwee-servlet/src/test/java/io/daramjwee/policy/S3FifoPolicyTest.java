package io.daramjwee.policy;

import static io.daramjwee.policy.S3FifoPolicy.QueueType.GHOST;
import static io.daramjwee.policy.S3FifoPolicy.QueueType.MAIN;
import static io.daramjwee.policy.S3FifoPolicy.QueueType.SMALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3FifoPolicyTest {

  private final S3FifoPolicy policy = new S3FifoPolicy();

  @Test
  void evict_empty_returnsNull() {
    assertThat(policy.evict()).isNull();
  }

  @Test
  void evict_oneHitWonders_leaveSmallForGhostWithoutEnteringMain() {
    add("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    List<String> victims = List.of(policy.evict(), policy.evict(), policy.evict());

    assertThat(victims).containsExactly("a", "b", "c");
    assertThat(policy.examined()).as("each victim was the tail of S; nothing moved").isEqualTo(3);
    assertThat(victims).allSatisfy(key -> assertThat(policy.queueOf(key)).isEqualTo(GHOST));
  }

  @Test
  void evict_keyHitTwiceInSmall_movesToMainWithItsBitsCleared() {
    add("a", "b");
    policy.touch("a");
    policy.touch("a");

    assertThat(policy.evict()).isEqualTo("b");
    assertThat(policy.queueOf("a")).isEqualTo(MAIN);
    assertThat(policy.frequencyOf("a")).isZero();
  }

  @Test
  void evict_keyHitOnceInSmall_leavesForGhost() {
    add("a", "b");
    policy.touch("a");

    // Algorithm 1 moves the tail of S to M only when t.freq > 1.
    assertThat(policy.evict()).isEqualTo("a");
    assertThat(policy.queueOf("a")).isEqualTo(GHOST);
  }

  @Test
  void add_ghostKey_insertsDirectlyIntoMainWithNoHits() {
    add("a", "b");
    policy.touch("a"); // one hit: not enough to move, but counted
    assertThat(policy.evict()).isEqualTo("a");

    policy.add("a", 1);

    assertThat(policy.queueOf("a")).isEqualTo(MAIN);
    assertThat(policy.frequencyOf("a")).isZero();
  }

  @Test
  void touch_tenTimes_capsFrequencyAtThree() {
    add("a");

    touch("a", 10);

    assertThat(policy.frequencyOf("a")).isEqualTo(3);
  }

  @Test
  void evict_keyTouchedTenTimesInMain_survivesExactlyThreePasses() {
    promoteToMain("hot", "c1", "c2", "c3");
    touch("hot", 10);
    long before = policy.examined();

    List<String> victims = drain();

    // Every evict() examines its victim; the rest of the work is hot's reinsertions.
    assertThat(victims).containsExactly("c1", "c2", "c3", "hot");
    assertThat(policy.examined() - before - victims.size()).isEqualTo(3);
  }

  @Test
  void evict_keyTouchedTwiceInMain_survivesTwoPasses() {
    promoteToMain("warm", "c1");
    touch("warm", 2);
    long before = policy.examined();

    List<String> victims = drain();

    assertThat(victims).containsExactly("c1", "warm");
    assertThat(policy.examined() - before - victims.size()).isEqualTo(2);
  }

  @Test
  void evict_smallHoldsATenthOfTheBytesInFewKeys_evictsFromSmall() {
    String[] mainKeys = new String[24];
    Arrays.setAll(mainKeys, i -> "m" + i);
    promoteToMain(1, mainKeys);
    policy.add("big", 3); // 1 key of 25, but 3 bytes of 27: at least its tenth

    assertThat(policy.evict()).isEqualTo("big");
  }

  @Test
  void evict_smallHoldsExactlyATenthOfTheBytes_evictsFromSmall() {
    promoteToMain(1, "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
    policy.add("s", 1); // 1 byte of 10: the paper evicts from S when S.size >= 10%

    assertThat(policy.evict()).isEqualTo("s");
  }

  @Test
  void evict_smallHoldsManyKeysButUnderATenthOfTheBytes_evictsFromMain() {
    promoteToMain(1_000, "heavy");
    policy.add("s1", 10);
    policy.add("s2", 10); // 2 keys of 3, but 20 bytes of 1,020: under its tenth

    assertThat(policy.evict()).isEqualTo("heavy");
  }

  @Test
  void add_existingKey_updatesItsSizeInPlaceAndCountsAsAHit() {
    promoteToMain(100, "m");
    policy.add("s", 1);
    policy.add("other", 1); // S: 2 bytes of 102, under its tenth

    policy.add("s", 50); // S: 51 bytes of 151, over its tenth

    assertThat(policy.frequencyOf("s")).isEqualTo(1);
    assertThat(policy.evict()).as("S is evicted from, in insertion order").isEqualTo("s");
  }

  @Test
  void remove_keyInEachQueue_forgetsIt() {
    promoteToMain("m");
    add("s", "g");
    assertThat(policy.evict()).isEqualTo("s");
    assertThat(policy.queueOf("s")).isEqualTo(GHOST);

    policy.remove("m");
    policy.remove("g");
    policy.remove("s");

    assertThat(policy.queueOf("m")).isNull();
    assertThat(policy.queueOf("g")).isNull();
    assertThat(policy.queueOf("s")).isNull();
    assertThat(policy.evict()).isNull();
  }

  @Test
  void remove_ghostKey_makesAReAddEnterSmall() {
    add("a", "b");
    policy.evict();

    policy.remove("a");
    policy.add("a", 1);

    assertThat(policy.queueOf("a")).isEqualTo(SMALL);
  }

  @Test
  void remove_unknownOrEvictedKey_isIgnored() {
    add("a", "b");
    assertThat(policy.evict()).isEqualTo("a");
    policy.remove("a"); // now forgotten entirely

    policy.remove("a");
    policy.remove("zzz");

    assertThat(drain()).containsExactly("b");
  }

  @Test
  void touch_ghostKey_doesNotResurrectIt() {
    add("a", "b");
    assertThat(policy.evict()).isEqualTo("a");

    touch("a", 3);

    assertThat(policy.queueOf("a")).isEqualTo(GHOST);
    assertThat(policy.frequencyOf("a")).isZero();
    assertThat(drain()).containsExactly("b");
    policy.add("a", 1);
    assertThat(policy.frequencyOf("a")).as("touches while a ghost are no hits").isZero();
  }

  @Test
  void evict_endlessOneHitWonders_keepsTheGhostAtNinetyPercentOfResidentKeys() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      policy.add("k" + i, 1);
      all.add("k" + i);
    }
    for (int i = 100; i < 10_000; i++) {
      policy.evict();
      policy.add("k" + i, 1);
      all.add("k" + i);
    }

    long ghosts = all.stream().filter(key -> policy.queueOf(key) == GHOST).count();
    assertThat(ghosts).isEqualTo(90);
  }

  @Test
  void evict_everyKeyHitInSmall_returnsAVictimAfterAtMostTheCap() {
    int cap = S3FifoPolicy.DEFAULT_MAX_SECOND_CHANCES;
    for (int i = 0; i < 10_000; i++) {
      policy.add("k" + i, 1);
      touch("k" + i, 2);
    }

    String victim = policy.evict();

    // k0..k31 moved to M; k32 was hit as often, but the cap is spent, so it goes to the ghost.
    assertThat(victim).isEqualTo("k" + cap);
    assertThat(policy.examined()).isEqualTo(cap + 1);
    assertThat(policy.queueOf(victim)).isEqualTo(GHOST);
  }

  @Test
  void evict_everyKeyHitThriceInMain_returnsAVictimAfterAtMostTheCap() {
    int cap = S3FifoPolicy.DEFAULT_MAX_SECOND_CHANCES;
    // Through the ghost into M: the anchors keep enough keys resident that no ghost is trimmed.
    for (int i = 0; i < 1_000; i++) {
      policy.add("g" + i, 1);
    }
    for (int i = 0; i < 2_000; i++) {
      policy.add("anchor" + i, 1);
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(policy.evict()).isEqualTo("g" + i);
    }
    for (int i = 0; i < 1_000; i++) {
      policy.add("g" + i, 1);
      assertThat(policy.queueOf("g" + i)).isEqualTo(MAIN);
      touch("g" + i, 3);
    }
    for (int i = 0; i < 2_000; i++) {
      policy.remove("anchor" + i); // S empty: the next eviction is from M
    }
    long before = policy.examined();

    String victim = policy.evict();

    // g0..g31 went round M once more; g32 was hit as often, but the cap is spent.
    assertThat(victim).isEqualTo("g" + cap);
    assertThat(policy.examined() - before).isEqualTo(cap + 1);
  }

  @Test
  void add_negativeSize_failsNamingTheValue() {
    assertThatThrownBy(() -> policy.add("a", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must not be negative: -1");
    assertThatThrownBy(() -> new S3FifoPolicy(-1))
        .hasMessage("maxSecondChances must not be negative: -1");
  }

  private void add(String... keys) {
    for (String key : keys) {
      policy.add(key, 1);
    }
  }

  private void touch(String key, int times) {
    touch(policy, key, times);
  }

  private static void touch(S3FifoPolicy policy, String key, int times) {
    for (int i = 0; i < times; i++) {
      policy.touch(key);
    }
  }

  private void promoteToMain(String... keys) {
    promoteToMain(1, keys);
  }

  /**
   * Puts {@code keys} in M, oldest first, with cleared counters. It uses the paper's S-to-M path:
   * hit twice in S, then one eviction, whose victim is a one-hit filler that goes to the ghost.
   * Needs an empty policy.
   */
  private void promoteToMain(long size, String... keys) {
    for (String key : keys) {
      policy.add(key, size);
      touch(key, 2);
    }
    policy.add("filler", 0);
    assertThat(policy.evict()).isEqualTo("filler");
    for (String key : keys) {
      assertThat(policy.queueOf(key)).isEqualTo(MAIN);
    }
  }

  private List<String> drain() {
    List<String> keys = new ArrayList<>();
    for (String key = policy.evict(); key != null; key = policy.evict()) {
      keys.add(key);
    }
    return keys;
  }
}
