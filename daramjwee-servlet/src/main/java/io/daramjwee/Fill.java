package io.daramjwee;

import io.daramjwee.internal.TeeInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A body that a caller streams into tier 0: a miss from the origin, a promotion from a lower tier,
 * or a renewal after "not modified". It is both the tee's sink (so a failing tier-0 write is
 * logged and counted as a store error, while the caller keeps reading) and its listener: it
 * publishes only when the caller read to the end without error and no newer write happened
 * meanwhile, then hands its ticket to the lower tiers' propagation and releases any followers.
 * Every other ending aborts the write. Used by the one reading thread.
 */
final class Fill extends OutputStream implements TeeInputStream.Listener {

  private final TieredCache cache;
  private final StoreWriter writer;
  private final Generations.Ticket ticket;
  private final Flights.Flight flight; // null when not leading a flight
  private final boolean promotion;

  private Fill(TieredCache cache, StoreWriter writer, Generations.Ticket ticket,
      Flights.Flight flight, boolean promotion) {
    this.cache = cache;
    this.writer = writer;
    this.ticket = ticket;
    this.flight = flight;
    this.promotion = promotion;
  }

  /** A body from the origin (or renewed by it), ending {@code flight} if not null. */
  static Fill fromOrigin(TieredCache cache, StoreWriter writer, Generations.Ticket ticket,
      Flights.Flight flight) {
    return new Fill(cache, writer, ticket, flight, false);
  }

  /** A body read from a lower tier. */
  static Fill promotion(TieredCache cache, StoreWriter writer, Generations.Ticket ticket) {
    return new Fill(cache, writer, ticket, null, true);
  }

  /** The caller's stream over {@code body}, filling tier 0 as it is read. */
  java.io.InputStream tee(java.io.InputStream body) {
    return new TeeInputStream(body, this, this);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      writer.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      cache.tier(0).failed("write", ticket.key(), e);
      throw e;
    }
  }

  @Override
  public void onComplete() {
    boolean published = false;
    try {
      published = promotion
          ? ticket.publishPromotionIfCurrent(writer) : ticket.publishIfCurrent(writer);
    } catch (IOException | RuntimeException e) {
      cache.tier(0).failed("commit", ticket.key(), e);
    } finally {
      if (published) {
        cache.counters().published.increment();
        cache.propagateDown(ticket); // takes over the ticket
      } else {
        cache.counters().fillsAborted.increment();
        ticket.release();
      }
      if (flight != null) {
        flight.finish(published);
      }
    }
  }

  @Override
  public void onIncomplete(Throwable causeOrNull) {
    writer.abort();
    cache.counters().fillsAborted.increment();
    ticket.release();
    if (flight != null) {
      flight.finish(false);
    }
  }
}
