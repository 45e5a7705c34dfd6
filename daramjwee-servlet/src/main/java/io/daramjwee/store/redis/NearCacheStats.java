package io.daramjwee.store.redis;

/**
 * What a {@link RedisStore}'s near cache holds and has done since the store was opened
 * ({@link RedisStore#nearCacheStats()}), for tests and metrics. Each figure is exact when read;
 * the figures together are not one snapshot. All zero, and {@code budget} 0, when the near cache
 * is off.
 *
 * @param budget the most bytes it may hold ({@link RedisStoreBuilder#nearCacheSize}); 0 when off
 * @param active whether values read from Redis are kept now: tracking is on for the connection
 *     (false while it is down or reconnecting, and when the near cache is off)
 * @param entries copies held now
 * @param bytes bytes held now, as charged against the budget (manifests plus an estimate per
 *     entry)
 * @param hits reads answered from a copy, without a round trip
 * @param misses reads that found no copy (or one past its TTL) and went to Redis
 * @param invalidations invalidations of the store's manifests received from Redis
 * @param flushes times every copy was dropped at once: the connection dropped, or Redis said its
 *     database was flushed
 * @param notKept values read that were not kept because an invalidation or a disconnect came while
 *     the read was in flight (one of them may have concerned the value)
 * @param evictions copies dropped to stay within the budget
 * @param expirations copies dropped because their key's TTL in Redis had passed
 */
public record NearCacheStats(long budget, boolean active, long entries, long bytes, long hits,
    long misses, long invalidations, long flushes, long notKept, long evictions,
    long expirations) {

  /** The figures of a store whose near cache is off. */
  static final NearCacheStats OFF = new NearCacheStats(0, false, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
