package io.daramjwee;

import java.io.IOException;
import java.time.Instant;

/**
 * The writer of {@link Lookup#fill}: a value its producer pushes into the tiers, into the first
 * that admits it ({@link TierWrite}). Commit publishes it there if the key's generation is
 * unchanged, hands the ticket to the copy into the tiers below and releases the followers; abort
 * releases them empty-handed. A write the tiers cannot take never reaches the producer: a failing
 * tier is logged and counted once, a body too large for every tier it could go to is dropped, and
 * either way the rest of the body is dropped, so the producer's own output (a servlet response)
 * is never disturbed by the cache. It owns its {@link TierWrite} and failure state; the
 * {@link Publisher} owns the settling.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort.
 */
final class PushedFill extends StoreWriter {

  private final Publisher publisher;
  private final Generations.Ticket ticket;
  private final Flights.Flight flight;
  private final TierWrite write; // null when no tier admits the value or its tier refused
  private final Instant cachedAt;
  private boolean failed;

  PushedFill(Publisher publisher, Generations.Ticket ticket, Flights.Flight flight,
      TierWrite write, Instant cachedAt) {
    this.publisher = publisher;
    this.ticket = ticket;
    this.flight = flight;
    this.write = write;
    this.cachedAt = cachedAt;
    this.failed = write == null;
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) {
    if (failed) {
      return;
    }
    try {
      write.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      // Logged and counted by the write when a tier failed; a body that outgrew is no failure.
      failed = true;
      write.abort();
    }
  }

  @Override
  protected boolean doAmend(Metadata metadata) {
    if (failed) {
      return false;
    }
    try {
      return write.amend(Publisher.stampIfUnset(metadata, cachedAt));
    } catch (IOException | RuntimeException e) {
      fail("amend", e);
      return false;
    }
  }

  /** Publishes if still current; a lost race or a failed tier publishes nothing, silently. */
  @Override
  protected void doCommit() {
    int tier = -1;
    try {
      if (!failed) {
        tier = write.publish(ticket, TierWrite.Mode.FILL);
      }
    } catch (IOException | RuntimeException e) {
      fail("commit", e);
    } finally {
      // Unpublished, the write is aborted here (if the ticket, fail or a refusal has not already).
      publisher.settle(ticket, flight, write, tier);
    }
  }

  @Override
  protected void doAbort() {
    publisher.settle(ticket, flight, write, -1);
  }

  private void fail(String operation, Exception e) {
    failed = true;
    write.failed(operation, e);
    write.abort();
  }
}
