package io.daramjwee.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SievePolicyTest {

  private final SievePolicy policy = new SievePolicy();

  @Test
  void evict_empty_returnsNull() {
    assertThat(policy.evict()).isNull();
  }

  @Test
  void evict_noVisits_returnsKeysInInsertionOrder() {
    add("a", "b", "c");

    assertThat(drain()).containsExactly("a", "b", "c");
  }

  @Test
  void evict_visitedKeyAtTheTail_survivesWithItsBitClearedAndTheHandMovesPast() {
    add("a", "b", "c");
    policy.touch("a");

    assertThat(policy.evict()).isEqualTo("b");
    assertThat(policy.isVisited("a")).isFalse();
  }

  @Test
  void evict_nextCall_resumesAtTheHandNotAtTheTail() {
    add("a", "b", "c", "d");
    policy.touch("a");
    assertThat(policy.evict()).isEqualTo("b");

    // "a" is now the unvisited tail, but the hand points at "c".
    assertThat(policy.evict()).isEqualTo("c");
  }

  @Test
  void evict_handPassesTheHead_wrapsToTheTail() {
    add("a", "b", "c");
    policy.touch("a");
    assertThat(policy.evict()).isEqualTo("b"); // hand at "c", the head
    policy.touch("c");

    assertThat(policy.evict()).isEqualTo("a");
    assertThat(policy.isVisited("c")).isFalse();
  }

  @Test
  void evict_keysAddedAtTheHead_areEvictedAfterEveryOlderKey() {
    add("a", "b", "c");
    assertThat(policy.evict()).isEqualTo("a"); // hand at "b"

    add("d", "e");

    assertThat(drain()).containsExactly("b", "c", "d", "e");
  }

  @Test
  void evict_visitedSurvivor_keepsItsPlaceInsteadOfMovingToTheHead() {
    add("a", "b", "c");
    policy.touch("a");
    assertThat(policy.evict()).isEqualTo("b"); // "a" survived in place, behind the hand
    add("d");

    // The hand reaches the newer "d" before it wraps back to "a". A CLOCK that reinserted "a" at
    // the head would have made "a" younger than "d", and evicted it first.
    assertThat(drain()).containsExactly("c", "d", "a");
  }

  @Test
  void remove_keyAtTheHand_movesTheHandToTheNextKey() {
    add("a", "b", "c", "d");
    policy.touch("a");
    assertThat(policy.evict()).isEqualTo("b"); // hand at "c"

    policy.remove("c");

    assertThat(policy.evict()).isEqualTo("d");
  }

  @Test
  void remove_unknownOrEvictedKey_isIgnored() {
    add("a", "b");
    assertThat(policy.evict()).isEqualTo("a");

    policy.remove("a");
    policy.remove("zzz");

    assertThat(drain()).containsExactly("b");
  }

  @Test
  void touch_evictedKey_doesNotResurrectIt() {
    add("a", "b");
    policy.evict();

    policy.touch("a");

    assertThat(drain()).containsExactly("b");
  }

  @Test
  void add_existingKey_marksItVisitedAndKeepsItsPlace() {
    add("a", "b");

    policy.add("a", 1);

    assertThat(policy.isVisited("a")).isTrue();
    assertThat(drain()).containsExactly("b", "a");
  }

  @Test
  void evict_everyKeyVisited_clearsAtMostTheCapThenEvictsAtTheHand() {
    int cap = SievePolicy.DEFAULT_MAX_CLEARED;
    for (int i = 0; i < 10_000; i++) {
      policy.add("k" + i, 1);
      policy.touch("k" + i);
    }

    String victim = policy.evict();

    // k0..k127 lost their bits; k128 was visited too, but the cap is spent.
    assertThat(victim).isEqualTo("k" + cap);
    assertThat(policy.examined()).isEqualTo(cap + 1);
    assertThat(policy.isVisited("k" + (cap - 1))).isFalse();
    assertThat(policy.isVisited("k" + (cap + 1))).isTrue();
  }

  @Test
  void evict_afterACappedSweep_resumesClearingWhereTheLastCallStopped() {
    SievePolicy capped = new SievePolicy(2);
    for (String key : List.of("a", "b", "c", "d", "e", "f")) {
      capped.add(key, 1);
      capped.touch(key);
    }

    assertThat(capped.evict()).isEqualTo("c"); // cleared a, b
    assertThat(capped.evict()).isEqualTo("f"); // cleared d, e

    assertThat(capped.evict()).as("the hand wrapped to the unvisited tail").isEqualTo("a");
    assertThat(capped.examined()).isEqualTo(7);
  }

  @Test
  void new_negativeCap_failsNamingTheValue() {
    assertThatThrownBy(() -> new SievePolicy(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCleared must not be negative: -1");
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
