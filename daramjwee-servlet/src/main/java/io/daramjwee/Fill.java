package io.daramjwee;

import io.daramjwee.internal.TeeInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * A body that a caller streams into tier 0: a miss from the origin, a promotion from a lower tier,
 * or a renewal after "not modified". It is both the tee's sink (so a failing tier-0 write is
 * logged and counted as a store error, while the caller keeps reading) and its listener: it
 * publishes only when the caller read to the end without error and no newer write happened
 * meanwhile, then hands its ticket to the lower tiers' propagation and releases any followers.
 * Every other ending aborts the write. It owns the writer and its byte limit; the
 * {@link Publisher} owns the settling. Used by the one reading thread.
 */
final class Fill extends OutputStream implements TeeInputStream.Listener {

  private final Publisher publisher;
  private final StoreWriter writer;
  private final Generations.Ticket ticket;
  private final Flights.Flight flight; // null when not leading a flight
  private final boolean promotion;
  private final Metadata metadata; // as the writer started with it
  private final UnaryOperator<Metadata> completion; // null when none
  private final long limit;
  private long written;

  private Fill(Publisher publisher, StoreWriter writer, Generations.Ticket ticket,
      Flights.Flight flight, boolean promotion, Metadata metadata,
      UnaryOperator<Metadata> completion, long limit) {
    this.publisher = publisher;
    this.writer = writer;
    this.ticket = ticket;
    this.flight = flight;
    this.promotion = promotion;
    this.metadata = metadata;
    this.completion = completion;
    this.limit = limit;
  }

  /** A body from the origin (or renewed by it), ending {@code flight} if not null. */
  static Fill fromOrigin(Publisher publisher, StoreWriter writer, Generations.Ticket ticket,
      Flights.Flight flight) {
    return new Fill(publisher, writer, ticket, flight, false, null, null, Long.MAX_VALUE);
  }

  /**
   * A body from the origin whose metadata {@code completion} finishes at EOF (when not null) and
   * which is stored only up to {@code limit} bytes.
   */
  static Fill fromOrigin(Publisher publisher, StoreWriter writer, Generations.Ticket ticket,
      Flights.Flight flight, Metadata metadata, UnaryOperator<Metadata> completion, long limit) {
    return new Fill(publisher, writer, ticket, flight, false, metadata, completion, limit);
  }

  /** A body read from a lower tier. */
  static Fill promotion(Publisher publisher, StoreWriter writer, Generations.Ticket ticket) {
    return new Fill(publisher, writer, ticket, null, true, null, null, Long.MAX_VALUE);
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
    written += len;
    if (written > limit) {
      // Not a tier failure: the body outgrew what may be stored. The caller keeps reading.
      throw new IOException("body exceeds the " + limit + " bytes that may be stored");
    }
    try {
      writer.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      publisher.tier(0).failed("write", ticket.key(), e);
      throw e;
    }
  }

  @Override
  public void onComplete() {
    boolean published = false;
    try {
      if (completion != null) {
        Metadata completed = completion.apply(metadata);
        writer.amendMetadata(completed.cachedAt().equals(metadata.cachedAt())
            ? completed : completed.withCachedAt(metadata.cachedAt()));
      }
      published = promotion
          ? ticket.publishPromotionIfCurrent(writer) : ticket.publishIfCurrent(writer);
    } catch (IOException | RuntimeException e) {
      publisher.tier(0).failed("commit", ticket.key(), e);
    } finally {
      // Not published: a completion or amend that threw left the writer open, free its temp state.
      publisher.settle(ticket, flight, writer, published);
    }
  }

  @Override
  public void onIncomplete(Throwable causeOrNull) {
    publisher.settle(ticket, flight, writer, false);
  }
}
