package io.daramjwee;

import java.io.IOException;
import java.time.Instant;

/**
 * The writer of {@link Lookup#fill}: a value its producer pushes into tier 0. Commit publishes it
 * if the key's generation is unchanged, hands the ticket to the copy into the lower tiers and
 * releases the followers; abort releases them empty-handed. A failing tier never reaches the
 * producer: the failure is logged and counted once, and the rest of the body is dropped, so the
 * producer's own output (a servlet response) is never disturbed by the cache.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort.
 */
final class PushedFill extends StoreWriter {

  private final TieredCache cache;
  private final Generations.Ticket ticket;
  private final Flights.Flight flight;
  private final StoreWriter hot; // null when tier 0 refused the write
  private final Instant cachedAt;
  private boolean failed;

  PushedFill(TieredCache cache, Generations.Ticket ticket, Flights.Flight flight, StoreWriter hot,
      Instant cachedAt) {
    this.cache = cache;
    this.ticket = ticket;
    this.flight = flight;
    this.hot = hot;
    this.cachedAt = cachedAt;
    this.failed = hot == null;
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) {
    if (failed) {
      return;
    }
    try {
      hot.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      fail("write", e);
    }
  }

  @Override
  protected boolean doAmend(Metadata metadata) {
    if (failed) {
      return false;
    }
    try {
      return hot.amendMetadata(metadata.cachedAt().equals(Instant.EPOCH)
          ? metadata.withCachedAt(cachedAt) : metadata);
    } catch (IOException | RuntimeException e) {
      fail("amend", e);
      return false;
    }
  }

  /** Publishes if still current; a lost race or a failed tier publishes nothing, silently. */
  @Override
  protected void doCommit() {
    boolean published = false;
    try {
      if (!failed) {
        published = ticket.publishIfCurrent(hot);
      }
    } catch (IOException | RuntimeException e) {
      fail("commit", e);
    } finally {
      if (published) {
        cache.counters().published.increment();
        cache.propagateDown(ticket); // takes over the ticket
      } else {
        cache.counters().fillsAborted.increment();
        ticket.release();
      }
      TieredCache.finish(flight, published);
    }
  }

  @Override
  protected void doAbort() {
    if (hot != null) {
      hot.abort();
    }
    cache.counters().fillsAborted.increment();
    ticket.release();
    TieredCache.finish(flight, false);
  }

  private void fail(String operation, Exception e) {
    failed = true;
    cache.tier(0).failed(operation, ticket.key(), e);
    hot.abort();
  }
}
