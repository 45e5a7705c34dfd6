package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Two tiers: background writes down, promotion up, and failing tiers skipped. */
class TiersTest extends EngineTestSupport {

  @Test
  void miss_isPublishedToTierZero_thenWrittenToTheColdTierInTheBackground() throws IOException {
    Store hot = memory();
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);

    get(cache, "a", TestOrigin.versioned("page"));

    assertThat(stored(hot, "a")).isEqualTo("page v1");
    await().until(() -> "page v1".equals(stored(cold, "a")));
    assertThat(cold.stat("a")).isEqualTo(hot.stat("a"));
  }

  @Test
  void freshHotTierAfterARestart_isFilledFromTheColdTier_withoutTheOrigin() throws IOException {
    Store cold = memory();
    TestOrigin origin = TestOrigin.versioned("page");
    DaramjweeCache before = cache(memory(), cold);
    get(before, "a", origin);
    await().until(() -> stored(cold, "a") != null);
    Instant cachedAt = cold.stat("a").cachedAt();
    clock.advance(Duration.ofSeconds(5));

    Store newHot = memory();
    DaramjweeCache after = cache(newHot, cold);
    CacheResponse promoted = after.get("a", origin);
    assertThat(promoted.tier()).isEqualTo(1);
    assertThat(read(promoted)).isEqualTo("page v1");

    assertThat(stored(newHot, "a")).isEqualTo("page v1");
    assertThat(newHot.stat("a").cachedAt()).as("promotion keeps cachedAt").isEqualTo(cachedAt);
    try (CacheResponse hit = after.get("a", origin)) {
      assertThat(hit.tier()).isZero();
    }
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void promotionReadOnlyPartly_publishesNothingInTierZero() throws IOException {
    Store hot = memory();
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);
    put(cache, "a", "a cold value", Metadata.builder().build());
    await().until(() -> stored(cold, "a") != null);
    hot.delete("a");

    try (CacheResponse r = cache.get("a", TestOrigin.versioned("unused"))) {
      r.body().readNBytes(2);
    }
    assertThat(hot.stat("a")).isNull();
  }

  @Test
  void coldEntryThatTierZeroWouldJudgeExpired_isServedButNotPromoted() throws IOException {
    Store hot = memory();
    Store cold = memory();
    DaramjweeCache cache = track(builder(hot, cold)
        .tierFreshness(1, Duration.ofDays(1), NEGATIVE_FRESH).build());
    put(cache, "a", "long-lived in cold", Metadata.builder().build());
    await().until(() -> stored(cold, "a") != null);
    hot.delete("a");
    clock.advance(Duration.ofHours(1));

    TestOrigin origin = TestOrigin.versioned("unused");
    CacheResponse r = cache.get("a", origin);
    assertThat(r.tier()).isEqualTo(1);
    assertThat(read(r)).isEqualTo("long-lived in cold");
    assertThat(hot.stat("a")).isNull();
    assertThat(origin.calls()).isZero();
  }

  @Test
  void hotTierFailingReads_fallsThroughToTheColdTier_andCountsTheErrors() throws IOException {
    FaultyStore hot = new FaultyStore(memory());
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);
    TestOrigin origin = TestOrigin.versioned("page");
    get(cache, "a", origin);
    await().until(() -> stored(cold, "a") != null);

    hot.failReads.set(true);
    CacheResponse r = cache.get("a", origin);
    assertThat(r.tier()).isEqualTo(1);
    assertThat(read(r)).isEqualTo("page v1");
    assertThat(origin.calls()).isEqualTo(1);
    // One failed read of the hot tier: nothing was published since it, so it is not read again.
    assertThat(cache.stats().storeErrors()).isEqualTo(1);
  }

  @Test
  void hotTierThatCannotWrite_stillServesTheCallerEveryByte() throws IOException {
    FaultyStore hot = new FaultyStore(memory());
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.versioned("x".repeat(100_000));

    hot.failWriterCreation.set(true);
    assertThat(get(cache, "a", origin)).hasSize(100_003);
    hot.failWriterCreation.set(false);
    hot.failWrites.set(true);
    assertThat(get(cache, "a", origin)).hasSize(100_003);
    hot.failWrites.set(false);
    hot.failCommits.set(true);
    assertThat(get(cache, "a", origin)).hasSize(100_003);

    assertThat(hot.stat("a")).isNull();
    assertThat(cache.stats().storeErrors()).isEqualTo(3);
    assertThat(origin.calls()).isEqualTo(3);
  }

  @Test
  void set_isWrittenToEveryTier() throws IOException {
    Store hot = memory();
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);

    put(cache, "a", "direct", Metadata.ofTag("d1"));

    assertThat(stored(hot, "a")).isEqualTo("direct");
    await().until(() -> "direct".equals(stored(cold, "a")));
  }

  /**
   * Regression: copying v1 into the cold tier used to advance the key's generation, so a refresh
   * that had started meanwhile saw its newer v2 rejected as stale and dropped.
   */
  @Test
  void refreshStartedWhileAnOlderValueIsCopiedDown_isNotDropped() throws Exception {
    Store hot = memory();
    FaultyStore cold = new FaultyStore(memory());
    TestOrigin origin = TestOrigin.versioned("page");
    DaramjweeCache cache = track(builder(hot, cold).staleWindow(Duration.ofMinutes(5))
        .worker(2, 16, Duration.ofSeconds(30)).build());
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    cold.commitGate = gate;
    get(cache, "a", origin); // v1; its copy into cold now waits at the commit gate
    assertThat(cold.commitWaiting.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    clock.advance(FRESH.plusSeconds(1));

    get(cache, "a", origin); // stale: the refresh takes its ticket and fetches v2
    await().until(() -> origin.calls() == 2);
    gate.countDown(); // the v1 copy lands in cold while the refresh publishes v2

    await().until(() -> "page v2".equals(stored(hot, "a")));
    await().until(() -> "page v2".equals(stored(cold, "a")));
  }

  @Test
  void refreshedValue_reachesTheLowerTiers() throws IOException {
    Store hot = memory();
    Store cold = memory();
    TestOrigin origin = TestOrigin.versioned("page");
    DaramjweeCache cache = track(builder(hot, cold).staleWindow(Duration.ofMinutes(5)).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));

    get(cache, "a", origin); // stale: refresh to v2

    await().until(() -> "page v2".equals(stored(cold, "a")));
  }
}
