package io.daramjwee.spring.metrics;

import io.daramjwee.CacheStats;
import io.daramjwee.DaramjweeCache;
import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The cache's counters as the meters read them: one {@link DaramjweeCache#stats()} snapshot serves
 * every meter for {@code maxAge} on the registry's clock. A scrape reads some twenty meters, and a
 * snapshot copies every counter and per-tier list, so without this a scrape would take twenty.
 *
 * <p>Thread-safe: concurrent readers of an old snapshot may each take a new one; the last wins,
 * and all are equally current.
 */
final class StatsSnapshot {

  private final DaramjweeCache cache;
  private final Clock clock;
  private final long maxAgeNanos;
  private volatile Taken taken;

  StatsSnapshot(DaramjweeCache cache, Clock clock, Duration maxAge) {
    this.cache = cache;
    this.clock = clock;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** The counters, at most {@code maxAge} old. */
  CacheStats get() {
    long now = clock.monotonicTime();
    Taken last = taken;
    if (last == null || now - last.at >= maxAgeNanos) {
      last = new Taken(cache.stats(), now);
      taken = last;
    }
    return last.stats;
  }

  /** The counter at {@code index} of a per-tier list, or 0 when the cache has fewer tiers. */
  static long tier(List<Long> perTier, int index) {
    return index < perTier.size() ? perTier.get(index) : 0;
  }

  private record Taken(CacheStats stats, long at) {}
}
