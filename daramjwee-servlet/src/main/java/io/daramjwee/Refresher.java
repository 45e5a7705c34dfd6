package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.ThrottledLog;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Background refresh of one key at a time: revalidates the entry with the origin (sending the
 * entry's metadata as the previous value) and replaces, renews or removes it. Refreshes of a key
 * already refreshing are dropped, so a storm of stale hits makes one origin call at a time. The
 * job owns its own ticket and never touches the request that scheduled it. It owns the refresh
 * jobs ({@link OncePerKey}); the origin call is {@link OriginFlow}'s and the writes the
 * {@link Publisher}'s.
 * Thread-safe.
 */
final class Refresher {

  private final Publisher publisher;
  private final OriginFlow origin;
  private final OncePerKey jobs;
  private final ThrottledLog log;

  Refresher(Publisher publisher, OriginFlow origin, BoundedWorker worker, ThrottledLog log) {
    this.publisher = publisher;
    this.origin = origin;
    this.jobs = new OncePerKey(worker);
    this.log = log;
  }

  /** Queues a refresh unless one is running for the key; false when not queued. */
  boolean schedule(String key, Fetcher fetcher) {
    return schedule(key, fetcher, null);
  }

  /**
   * Queues the refresh of the version of {@code key} stored at {@code served} (its
   * {@link Metadata#cachedAt()}), as a stale answer of it asks: when the job finds a newer
   * version stored by then (a refresh that finished while the stale answer was still being read,
   * a renewal, a miss's fill), it has nothing to do and calls no origin. Null refreshes
   * whatever is stored.
   */
  boolean schedule(String key, Fetcher fetcher, Instant served) {
    Fetcher kept = fetcher.detached(); // on the scheduling thread: the request is still there
    if (!jobs.submit(key, "refresh of key '" + key + "'", () -> refresh(key, kept, served))) {
      return false;
    }
    publisher.counters().refreshesScheduled.increment();
    return true;
  }

  private void refresh(String key, Fetcher fetcher, Instant served) {
    Generations.Ticket ticket = publisher.acquire(key);
    boolean handedOff = false;
    try {
      int previousTier = -1;
      Metadata previous = null;
      for (int i = 0; i < publisher.tierCount() && previous == null; i++) {
        previous = publisher.tier(i).isNull ? null : publisher.tier(i).stat(key);
        previousTier = i;
      }
      if (served != null && previous != null && previous.cachedAt() != null
          && previous.cachedAt().isAfter(served)) {
        return; // replaced since it was served stale: already refreshed
      }
      Instant asked = publisher.now();
      FetchResult result = origin.fetch(fetcher, previous);
      switch (result.kind()) {
        case BODY:
          try (InputStream body = result.body()) {
            handedOff = true;
            Metadata stamped = result.metadata().withCachedAt(asked);
            publisher.store(ticket, stamped, body, result.length() >= 0 ? result.length()
                : Admission.length(stamped), result.storeLimit());
          }
          break;
        case NOT_FOUND:
          handedOff = true;
          publisher.store(ticket, result.metadata().withCachedAt(asked),
              InputStream.nullInputStream(), 0, Long.MAX_VALUE);
          break;
        case NOT_MODIFIED:
          publisher.counters().notModified.increment();
          handedOff = renew(key, ticket, previous == null ? -1 : previousTier, result, asked);
          break;
        case NO_STORE:
          // The origin no longer lets this be cached: stop serving the old copy.
          result.body().close();
          ticket.release();
          handedOff = true;
          publisher.delete(key);
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
  private boolean renew(String key, Generations.Ticket ticket, int tier, FetchResult result,
      Instant asked) throws IOException {
    if (tier < 0) {
      return false; // gone meanwhile; the next get fetches it
    }
    StoredEntry entry = publisher.tier(tier).open(key);
    if (entry == null) {
      return false;
    }
    try (entry) {
      Metadata base = result.metadata() != null ? result.metadata() : entry.metadata();
      Metadata renewed = base.withCachedAt(asked);
      publisher.store(ticket, renewed, entry.body(), Admission.length(renewed), Long.MAX_VALUE);
      return true;
    }
  }
}
