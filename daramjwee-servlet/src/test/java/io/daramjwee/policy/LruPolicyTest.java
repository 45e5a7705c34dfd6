package io.daramjwee.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LruPolicyTest {

  private final LruPolicy policy = new LruPolicy();

  @Test
  void evict_empty_returnsNull() {
    assertThat(policy.evict()).isNull();
  }

  @Test
  void evict_noTouches_returnsKeysInInsertionOrder() {
    add("a", "b", "c");

    assertThat(drain()).containsExactly("a", "b", "c");
  }

  @Test
  void evict_afterDraining_returnsNull() {
    add("a");
    policy.evict();

    assertThat(policy.evict()).isNull();
  }

  @Test
  void touch_eldestKey_makesItMostRecent() {
    add("a", "b", "c");

    policy.touch("a");

    assertThat(drain()).containsExactly("b", "c", "a");
  }

  @Test
  void touch_unknownKey_isIgnored() {
    add("a", "b");

    policy.touch("zzz");

    assertThat(drain()).containsExactly("a", "b");
  }

  @Test
  void add_existingKey_replacesAndMovesToMostRecent() {
    add("a", "b", "c");

    policy.add("a", 99);

    assertThat(drain()).containsExactly("b", "c", "a");
  }

  @Test
  void remove_knownKey_forgetsIt() {
    add("a", "b", "c");

    policy.remove("b");

    assertThat(drain()).containsExactly("a", "c");
  }

  @Test
  void remove_unknownKey_isIgnored() {
    add("a");

    policy.remove("zzz");
    policy.remove("a");
    policy.remove("a");

    assertThat(policy.evict()).isNull();
  }

  @Test
  void touch_evictedKey_doesNotResurrectIt() {
    add("a", "b");
    policy.evict();

    policy.touch("a");

    assertThat(drain()).containsExactly("b");
  }

  @Test
  void evict_manyKeys_keepsRecencyOrderAcrossInterleavedCalls() {
    for (int i = 0; i < 10_000; i++) {
      policy.add("k" + i, i);
    }
    for (int i = 0; i < 10_000; i += 2) {
      policy.touch("k" + i);
    }

    List<String> order = drain();

    assertThat(order).hasSize(10_000);
    assertThat(order.subList(0, 3)).containsExactly("k1", "k3", "k5");
    assertThat(order.subList(9_997, 10_000)).containsExactly("k9994", "k9996", "k9998");
  }

  private void add(String... keys) {
    for (String key : keys) {
      policy.add(key, 1);
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
