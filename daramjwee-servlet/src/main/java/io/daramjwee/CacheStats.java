package io.daramjwee;

import java.util.List;

/**
 * A point-in-time snapshot of a cache's counters, all monotonic since the cache was built except
 * {@code workerQueueDepth}. Immutable.
 *
 * @param tierHits hits per tier index (fresh and stale)
 * @param tierErrors failed store operations per tier index (each tier operation counted)
 * @param staleHits hits served past freshness
 * @param misses gets that found no servable entry in any tier
 * @param collapsed gets that waited for a concurrent miss and were served its result
 * @param originFetches calls of a {@link Fetcher}, from gets and refreshes
 * @param originErrors fetches that threw
 * @param notModified fetches answered "not modified"
 * @param published entries made visible by misses, promotions, refreshes and sets, each in its
 *     home: the first tier that admits its size (tier 0 unless it is too large for it)
 * @param fillsAborted fills dropped: early close, read error, a newer write won, or a body too
 *     large for every tier it could go to
 * @param refreshesScheduled refresh jobs accepted by the worker
 * @param jobsDropped background jobs dropped because the worker queue was full or closed
 * @param jobsFailed background jobs that threw or timed out
 * @param workerQueueDepth jobs waiting in the worker queue now
 */
public record CacheStats(
    List<Long> tierHits,
    List<Long> tierErrors,
    long staleHits,
    long misses,
    long collapsed,
    long originFetches,
    long originErrors,
    long notModified,
    long published,
    long fillsAborted,
    long refreshesScheduled,
    long jobsDropped,
    long jobsFailed,
    int workerQueueDepth) {

  public CacheStats {
    tierHits = List.copyOf(tierHits);
    tierErrors = List.copyOf(tierErrors);
  }

  /** Hits summed over all tiers. */
  public long hits() {
    return tierHits.stream().mapToLong(Long::longValue).sum();
  }

  /** Failed store operations summed over all tiers. */
  public long storeErrors() {
    return tierErrors.stream().mapToLong(Long::longValue).sum();
  }
}
