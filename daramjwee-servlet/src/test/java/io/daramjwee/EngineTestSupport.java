package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared set-up for engine scenarios: real memory stores, an injected clock, promotion on the
 * first lower-tier hit, and after every test the check that no ticket or flight leaked, whatever
 * the scenario did.
 */
abstract class EngineTestSupport {

  static final Duration FRESH = Duration.ofMinutes(1);
  static final Duration NEGATIVE_FRESH = Duration.ofSeconds(10);

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<DaramjweeCache> caches = new ArrayList<>();

  static Store memory() {
    return MemoryStore.builder().capacity(64L << 20).build();
  }

  /**
   * A builder over {@code tiers} on the test clock. A lower-tier hit promotes at once (probation
   * off), as every hit did before probation existed: the scenarios of promotions racing writes,
   * deletes and variants need the first hit to promote. {@link PromotionTest} covers the default.
   */
  DaramjweeBuilder builder(Store... tiers) {
    return DaramjweeCache.builder().tiers(tiers).clock(clock).freshness(FRESH, NEGATIVE_FRESH)
        .promotionProbation(1, Duration.ofMinutes(1));
  }

  DaramjweeCache cache(Store... tiers) {
    return track(builder(tiers).build());
  }

  DaramjweeCache track(DaramjweeCache cache) {
    caches.add(cache);
    return cache;
  }

  static String read(CacheResponse response) throws IOException {
    try (response) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String get(DaramjweeCache cache, String key, Fetcher origin) throws IOException {
    return read(cache.get(key, origin));
  }

  /** The body stored under {@code key} in {@code store}, or null. */
  static String stored(Store store, String key) throws IOException {
    StoredEntry entry = store.getStream(key);
    if (entry == null) {
      return null;
    }
    try (entry; InputStream body = entry.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void put(DaramjweeCache cache, String key, String body, Metadata metadata) throws IOException {
    try (StoreWriter w = cache.set(key, metadata)) {
      w.write(body.getBytes(StandardCharsets.UTF_8));
      w.commit();
    }
  }

  @AfterEach
  void nothingLeaks() {
    for (DaramjweeCache cache : caches) {
      TieredCache engine = (TieredCache) cache;
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(engine.generations().slotsInUse()).as("tickets held").isZero();
        assertThat(engine.flights().inFlight()).as("flights open").isZero();
      });
      cache.close();
    }
  }
}
