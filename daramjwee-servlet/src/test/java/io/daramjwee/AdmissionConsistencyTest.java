package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.store.memory.MemoryStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A value placed below tier 0 keeps the engine's guarantees: concurrent misses make one origin
 * call and the followers are answered from the tier the leader published in; a set or delete
 * that happens while the value streams wins over it. Each scenario runs with the length declared
 * (written straight into the cold tier) and unknown (spilled there once it outgrows the hot
 * tier). Real memory stores; a hot tier of 64 KiB admits 8 KiB.
 */
class AdmissionConsistencyTest extends EngineTestSupport {

  private static final String FIRST = "a".repeat(12_000) + "|";
  private static final String SECOND = "b".repeat(12_000);
  private static final int LENGTH = FIRST.length() + SECOND.length();

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Store hot = MemoryStore.builder().capacity(AdmissionTest.HOT_CAPACITY).build();
  private final Store cold = MemoryStore.builder().capacity(4L << 20).build();
  private final CountDownLatch halfRead = new CountDownLatch(1);
  private final CountDownLatch rest = new CountDownLatch(1);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Answers with FIRST, waits at the gate, then SECOND; the length declared or not. */
  private TestOrigin gatedOrigin(boolean declared) {
    return TestOrigin.answering((n, prev) -> {
      FetchResult result = FetchResult.body(
          CoalescingTest.gated(FIRST, SECOND, halfRead, rest), Metadata.ofTag("v" + n));
      return declared ? result.withLength(LENGTH) : result;
    });
  }

  @ParameterizedTest(name = "length declared: {0}")
  @ValueSource(booleans = {true, false})
  void followersOfALargeMiss_areAnsweredFromTheColdTier_withOneOriginCall(boolean declared)
      throws Exception {
    DaramjweeCache cache = cache(hot, cold);
    TestOrigin origin = gatedOrigin(declared);

    Future<String> leader = pool.submit(() -> get(cache, "k", origin));
    assertThat(halfRead.await(10, TimeUnit.SECONDS)).isTrue();
    Future<CacheResponse> follower = pool.submit(() -> cache.get("k", origin));
    await().until(() -> cache.stats().misses() == 2);
    rest.countDown();

    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo(FIRST + SECOND);
    CacheResponse followed = follower.get(10, TimeUnit.SECONDS);
    assertThat(followed.collapsed()).isTrue();
    assertThat(followed.tier()).as("answered from where it was published").isEqualTo(1);
    assertThat(read(followed)).isEqualTo(FIRST + SECOND);
    assertThat(origin.calls()).isEqualTo(1);
    assertThat(hot.stat("k")).isNull();
  }

  @ParameterizedTest(name = "length declared: {0}")
  @ValueSource(booleans = {true, false})
  void setWhileALargeMissStreams_wins_andTheMissIsNotStored(boolean declared) throws Exception {
    DaramjweeCache cache = cache(hot, cold);
    Future<String> leader = pool.submit(() -> get(cache, "k", gatedOrigin(declared)));
    assertThat(halfRead.await(10, TimeUnit.SECONDS)).isTrue();

    put(cache, "k", "newer", Metadata.ofTag("set"));
    rest.countDown();

    assertThat(leader.get(10, TimeUnit.SECONDS)).as("the caller is unaffected")
        .isEqualTo(FIRST + SECOND);
    assertThat(stored(hot, "k")).isEqualTo("newer");
    await().until(() -> "newer".equals(stored(cold, "k")));
    assertThat(get(cache, "k", TestOrigin.versioned("unused"))).isEqualTo("newer");
  }

  @ParameterizedTest(name = "length declared: {0}")
  @ValueSource(booleans = {true, false})
  void deleteWhileALargeMissStreams_isNotUndone(boolean declared) throws Exception {
    DaramjweeCache cache = cache(hot, cold);
    Future<String> leader = pool.submit(() -> get(cache, "k", gatedOrigin(declared)));
    assertThat(halfRead.await(10, TimeUnit.SECONDS)).isTrue();

    cache.delete("k");
    rest.countDown();

    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo(FIRST + SECOND);
    assertThat(hot.stat("k")).isNull();
    assertThat(cold.stat("k")).as("the fill that read before the delete is dropped").isNull();
  }

  @ParameterizedTest(name = "length declared: {0}")
  @ValueSource(booleans = {true, false})
  void largeMissPublishedInTheColdTier_isNotPromotedIntoTheHotTier(boolean declared)
      throws Exception {
    DaramjweeCache cache = track(builder(hot, cold)
        .promotionProbation(1, Duration.ofMinutes(1)).build());
    rest.countDown();
    get(cache, "k", gatedOrigin(declared));

    for (int i = 0; i < 3; i++) {
      try (CacheResponse r = cache.get("k", TestOrigin.versioned("unused"))) {
        assertThat(r.tier()).isEqualTo(1);
        assertThat(new String(r.body().readAllBytes())).isEqualTo(FIRST + SECOND);
      }
    }
    assertThat(hot.stat("k")).isNull();
  }
}
