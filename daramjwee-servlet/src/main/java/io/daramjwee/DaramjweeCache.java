package io.daramjwee;

import java.io.IOException;

/**
 * A tiered, stream-first cache. Tier 0 is the hot tier; lower tiers are colder. Bodies are streams
 * end to end: a hit streams from the tier that has the entry; a miss streams from the origin to
 * the caller and into tier 0 at once, and publishes only a body that was read to its end.
 *
 * <pre>{@code
 * DaramjweeCache cache = DaramjweeCache.builder()
 *     .tiers(hot, cold)
 *     .freshness(Duration.ofMinutes(5), Duration.ofSeconds(30))
 *     .staleWindow(Duration.ofMinutes(1))
 *     .build();
 * try (CacheResponse r = cache.get(key, CacheRequest.none(), previous -> fetchFromOrigin())) {
 *   r.body().transferTo(out);
 * }
 * }</pre>
 *
 * <p>Tiers and sizes: each tier admits entries up to a size ({@link
 * DaramjweeBuilder#tierMaxEntrySize}; by default an eighth of an upper tier's capacity) and a
 * value lives in the first tier that admits it, its home: a miss of known length streams straight
 * into it, so a 256 MiB report skips a 64 MB memory tier and is stored in the file tier below,
 * once, publishing only when complete, with concurrent misses answered from there. A body of
 * unknown length starts in the first tier; when it outgrows it, it moves on to the next tier that
 * admits more within the same origin call (the spill: its first 64 KiB are kept in memory until
 * the body either ends or passes them, and from then on it is written to both tiers), and the
 * caller's stream is never disturbed. A lower-tier hit is promoted only into a tier that admits
 * it, and only once it passed its {@linkplain DaramjweeBuilder#promotionProbation probation}.
 *
 * <p>Guarantees: concurrent misses on one key call the origin once; a stale entry is served at
 * once while one refresh runs in the background; a fill, promotion or refresh never overwrites a
 * newer {@link #set} and never resurrects a {@link #delete}d key; a failing tier is logged, counted
 * and skipped, never failing the caller.
 *
 * <p>Thread-safe. Every method throws {@link CacheClosedException} after {@link #close()}.
 */
public interface DaramjweeCache extends AutoCloseable {

  /** A builder with the defaults documented on each of its setters. */
  static DaramjweeBuilder builder() {
    return new DaramjweeBuilder();
  }

  /**
   * Answers {@code key} from the first tier holding a servable entry, else from {@code fetcher}.
   * The caller must close the response.
   *
   * @throws IOException when the origin fails and no stale entry may be served instead
   */
  CacheResponse get(String key, CacheRequest request, Fetcher fetcher) throws IOException;

  /** {@link #get(String, CacheRequest, Fetcher)} without a condition. */
  default CacheResponse get(String key, Fetcher fetcher) throws IOException {
    return get(key, CacheRequest.none(), fetcher);
  }

  /**
   * Answers {@code key} from the tiers like {@link #get}, but without a fetcher: on a miss the
   * caller produces the value itself and writes it through {@link Lookup#fill}. For origins that
   * push their body, such as a servlet controller writing its response. Concurrent misses coalesce
   * as with {@code get}: one lookup must produce, the others wait for its publish (bounded) and
   * are answered from it. The caller must close the lookup.
   *
   * @param refresher refreshes a stale entry in the background; it runs on a worker thread, so
   *     it must not use the caller's request
   */
  Lookup lookup(String key, CacheRequest request, Fetcher refresher) throws IOException;

  /**
   * Starts writing {@code key} directly. {@link StoreWriter#commit()} publishes into the first
   * tier that admits the value (tier 0 unless it is too large for it) and then, in the
   * background, into the lower tiers; the cache stamps {@code cachedAt} when the metadata carries
   * none. A value too large for every tier fails its write with an {@code IOException}.
   */
  StoreWriter set(String key, Metadata metadata) throws IOException;

  /**
   * Removes {@code key} from every tier, lowest first, so no promotion can bring it back. Attempts
   * every tier and then throws the first failure.
   */
  void delete(String key) throws IOException;

  /**
   * Refreshes {@code key} from {@code fetcher} on a worker, once at a time per key.
   *
   * @return false when a refresh of the key is already running or the worker queue is full
   */
  boolean scheduleRefresh(String key, Fetcher fetcher);

  /**
   * Whether the entries of tier {@code tier} ({@link CacheResponse#tier()}) outlive this process
   * ({@link Store#survivesRestart()}). Default: true.
   */
  default boolean survivesRestart(int tier) {
    return true;
  }

  /**
   * The name of tier {@code tier} ({@link CacheResponse#tier()}), as {@link
   * DaramjweeBuilder#tierNames} set it: what a hit's {@code Cache-Status} names as the tier that
   * answered (RFC 9211 §2.8 {@code detail}, e.g. {@code daramjwee; hit; detail=hot}). Default:
   * {@code tier0}, {@code tier1}, and so on, by position.
   *
   * @throws IllegalArgumentException when {@code tier} is negative ({@link CacheResponse#ORIGIN}
   *     is no tier)
   */
  default String tierName(int tier) {
    if (tier < 0) {
      throw new IllegalArgumentException("tier must not be negative: " + tier);
    }
    return DaramjweeBuilder.defaultTierName(tier);
  }

  /** A snapshot of the counters. Works after close. */
  CacheStats stats();

  /** Stops intake and drains background work up to the close timeout. Idempotent. */
  @Override
  void close();
}
