package io.daramjwee.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every policy, by every name, against a model set of the keys it must track. The test runs a
 * seeded random mix of add, touch, remove and evict over a few keys, so that keys are re-added,
 * touched after eviction and removed from S3-FIFO's ghost queue. Each victim must be a tracked
 * key, and it stops being tracked until it is added again. The capped variants also take the
 * paths where the work bound, rather than a cold key, ends an eviction.
 */
class EvictionPolicyModelTest {

  private static final int SEEDS = 20;
  private static final int OPERATIONS = 5_000;
  private static final int KEYS = 64;

  static Stream<Arguments> policies() {
    Stream<Arguments> named = EvictionPolicies.NAMES.stream()
        .map(name -> policy(name, () -> EvictionPolicies.byName(name)));
    Stream<Arguments> capped = Stream.of(
        policy("s3-fifo, 1 second chance per evict", () -> new S3FifoPolicy(1)),
        policy("s3-fifo, no second chance", () -> new S3FifoPolicy(0)),
        policy("sieve, 1 bit cleared per evict", () -> new SievePolicy(1)));
    return Stream.concat(named, capped);
  }

  private static Arguments policy(String name, Supplier<EvictionPolicy> policies) {
    return arguments(name, policies);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void randomOperations_anyPolicy_evictOnlyTrackedKeysAndAgreeWithTheModel(
      String name, Supplier<EvictionPolicy> policies) {
    for (long seed = 1; seed <= SEEDS; seed++) {
      EvictionPolicy policy = policies.get();
      Set<String> tracked = new HashSet<>();
      SplittableRandom random = new SplittableRandom(seed);
      for (int op = 0; op < OPERATIONS; op++) {
        String key = "k" + random.nextInt(KEYS);
        String where = name + ", seed " + seed + ", operation " + op;
        switch (random.nextInt(8)) {
          case 0, 1, 2 -> {
            policy.add(key, random.nextInt(1_000));
            tracked.add(key);
          }
          case 3, 4 -> policy.touch(key);
          case 5 -> {
            policy.remove(key);
            tracked.remove(key);
          }
          default -> {
            String victim = policy.evict();
            if (tracked.isEmpty()) {
              assertThat(victim).as(where).isNull();
            } else {
              assertThat(tracked.remove(victim)).as(where + ": %s is tracked", victim).isTrue();
            }
          }
        }
      }
      Set<String> drained = new HashSet<>();
      for (String victim = policy.evict(); victim != null; victim = policy.evict()) {
        assertThat(drained.add(victim)).as(name + ", seed " + seed + ": %s twice", victim).isTrue();
      }
      assertThat(drained).as(name + ", seed " + seed).isEqualTo(tracked);
    }
  }
}
