package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.NamedJob;
import io.daramjwee.internal.ThrottledLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Background refresh of one key at a time: revalidates the entry with the origin (sending the
 * entry's metadata as the previous value) and replaces, renews or removes it. Refreshes of a key
 * already refreshing are dropped, so a storm of stale hits makes one origin call at a time. The
 * job owns its own ticket and never touches the request that scheduled it. Thread-safe.
 */
final class Refresher {

  private final TieredCache cache;
  private final BoundedWorker worker;
  private final ThrottledLog log;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  Refresher(TieredCache cache, BoundedWorker worker, ThrottledLog log) {
    this.cache = cache;
    this.worker = worker;
    this.log = log;
  }

  /** Queues a refresh unless one is running for the key; false when not queued. */
  boolean schedule(String key, Fetcher fetcher) {
    if (!running.add(key)) {
      return false;
    }
    boolean queued = worker.submit(new NamedJob("refresh of key '" + key + "'", () -> {
      try {
        refresh(key, fetcher);
      } finally {
        running.remove(key);
      }
    }));
    if (!queued) {
      running.remove(key);
      return false;
    }
    cache.counters().refreshesScheduled.increment();
    return true;
  }

  private void refresh(String key, Fetcher fetcher) {
    Generations.Ticket ticket = cache.generations().acquire(key);
    boolean handedOff = false;
    try {
      int previousTier = -1;
      Metadata previous = null;
      for (int i = 0; i < cache.tierCount() && previous == null; i++) {
        previous = cache.tier(i).isNull ? null : cache.tier(i).stat(key);
        previousTier = i;
      }
      FetchResult result = cache.fetch(fetcher, previous);
      switch (result.kind()) {
        case BODY:
          try (InputStream body = result.body()) {
            handedOff = true;
            cache.storeHot(ticket, cache.stamp(result.metadata()), body);
          }
          break;
        case NOT_FOUND:
          handedOff = true;
          cache.storeHot(ticket, cache.stamp(result.metadata()),
              InputStream.nullInputStream());
          break;
        case NOT_MODIFIED:
          cache.counters().notModified.increment();
          handedOff = renew(key, ticket, previous == null ? -1 : previousTier, result);
          break;
        case NO_STORE:
          // The origin no longer lets this be cached: stop serving the old copy.
          result.body().close();
          ticket.release();
          handedOff = true;
          cache.delete(key);
          break;
        default:
          throw new IllegalStateException("unknown fetch result " + result.kind());
      }
    } catch (IOException | RuntimeException e) {
      log.warn("refresh", "refresh of key '" + key + "' failed", e);
    } finally {
      if (!handedOff) {
        ticket.release();
      }
    }
  }

  /** Rewrites the entry with renewed metadata; true when the ticket was handed on. */
  private boolean renew(String key, Generations.Ticket ticket, int tier, FetchResult result)
      throws IOException {
    if (tier < 0) {
      return false; // gone meanwhile; the next get fetches it
    }
    StoredEntry entry = cache.tier(tier).open(key);
    if (entry == null) {
      return false;
    }
    try (entry) {
      Metadata base = result.metadata() != null ? result.metadata() : entry.metadata();
      cache.storeHot(ticket, cache.stamp(base), entry.body());
      return true;
    }
  }
}
