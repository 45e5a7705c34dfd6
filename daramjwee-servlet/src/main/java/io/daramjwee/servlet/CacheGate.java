package io.daramjwee.servlet;

import io.daramjwee.CacheRequest;
import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Fetcher;
import io.daramjwee.Lookup;
import io.daramjwee.http.Conditionals;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as the flows use it: the request's conditions passed along, an answer a purge mark
 * covers dropped from every tier and asked for again (so the origin answers), and invalidation
 * that also lifts the key's pass mark. A tier that fails to invalidate is logged, never the
 * request's failure. Thread-safe.
 */
final class CacheGate {

  private static final Logger LOG = LoggerFactory.getLogger(CacheGate.class);

  private final DaramjweeCache cache;
  private final FilterState state;

  CacheGate(DaramjweeCache cache, FilterState state) {
    this.cache = cache;
    this.state = state;
  }

  /** Looks the exchange's key up; an answer a purge covers is invalidated and looked up again. */
  Lookup lookup(Exchange exchange, Fetcher refresher) throws IOException {
    CacheRequest condition = condition(exchange.head());
    Lookup lookup = cache.lookup(exchange.key(), condition, refresher);
    if (lookup.answer() == null || !purged(exchange, lookup.answer())) {
      return lookup;
    }
    lookup.close();
    invalidate(exchange.key());
    return cache.lookup(exchange.key(), condition, refresher);
  }

  /**
   * Looks the exchange's key up and leaves a purged answer to the caller ({@link #purged}): a
   * HEAD only reads, so it passes a purged entry by without deleting it.
   */
  Lookup peek(Exchange exchange, Fetcher fetcher) throws IOException {
    return cache.lookup(exchange.key(), condition(exchange.head()), fetcher);
  }

  /** The cache's answer for the exchange's key; a purged one is invalidated and asked again. */
  CacheResponse get(Exchange exchange, Fetcher fetcher) throws IOException {
    CacheRequest condition = condition(exchange.head());
    CacheResponse answer = cache.get(exchange.key(), condition, fetcher);
    if (!purged(exchange, answer)) {
      return answer;
    }
    answer.close();
    invalidate(exchange.key());
    return cache.get(exchange.key(), condition, fetcher);
  }

  /** Whether a purge covers {@code answer}, an entry a tier holds for the exchange. */
  boolean purged(Exchange exchange, CacheResponse answer) {
    return answer.tier() != CacheResponse.ORIGIN && !answer.collapsed()
        && state.purged(exchange.route().id(), exchange.head().path(),
            answer.metadata().cachedAt());
  }

  /** Removes {@code key} from every tier once an unsafe method succeeded ({@code status}). */
  void invalidateAfter(int status, String key) {
    if (status >= 200 && status < 400) {
      invalidate(key);
    }
  }

  /** Removes {@code key} from every tier, and its pass mark. */
  void invalidate(String key) {
    state.clearPass(key);
    try {
      cache.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warn("invalidating a cache entry failed: {}", e.toString());
    }
  }

  /**
   * The engine's condition for a request's {@code If-None-Match}/{@code If-Modified-Since}; the
   * shared unconditional one when it has neither, so a plain hit allocates nothing for it.
   */
  private static CacheRequest condition(RequestHead head) {
    Headers headers = head.headers();
    if (!headers.contains("If-None-Match") && !headers.contains("If-Modified-Since")) {
      return CacheRequest.none();
    }
    return CacheRequest.notModifiedWhen(Conditionals.notModifiedWhen(head));
  }
}
