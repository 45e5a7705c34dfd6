package io.daramjwee;

import java.io.IOException;
import java.time.Instant;

/**
 * The writer of {@link Lookup#fill}: a value its producer pushes into tier 0. Commit publishes it
 * if the key's generation is unchanged, hands the ticket to the copy into the lower tiers and
 * releases the followers; abort releases them empty-handed. A failing tier never reaches the
 * producer: the failure is logged and counted once, and the rest of the body is dropped, so the
 * producer's own output (a servlet response) is never disturbed by the cache. It owns the
 * tier-0 writer and its failure state; the {@link Publisher} owns the settling.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort.
 */
final class PushedFill extends StoreWriter {

  private final Publisher publisher;
  private final Generations.Ticket ticket;
  private final Flights.Flight flight;
  private final StoreWriter hot; // null when tier 0 refused the write
  private final Instant cachedAt;
  private boolean failed;

  PushedFill(Publisher publisher, Generations.Ticket ticket, Flights.Flight flight, StoreWriter hot,
      Instant cachedAt) {
    this.publisher = publisher;
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
      return hot.amendMetadata(Publisher.stampIfUnset(metadata, cachedAt));
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
      // Unpublished, hot is already aborted (by the ticket, by fail, or never opened).
      publisher.settle(ticket, flight, hot, published);
    }
  }

  @Override
  protected void doAbort() {
    publisher.settle(ticket, flight, hot, false);
  }

  private void fail(String operation, Exception e) {
    failed = true;
    publisher.tier(0).failed(operation, ticket.key(), e);
    hot.abort();
  }
}
