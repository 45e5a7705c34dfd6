package io.daramjwee;

import io.daramjwee.internal.TeeInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * A body that a caller streams into the tiers: a miss from the origin, a promotion from a lower
 * tier, or a renewal after "not modified". It is both the tee's sink (so a write the tiers cannot
 * take, a failing tier or a body too large for every tier it could go to, stops the copy while
 * the caller keeps reading) and its listener: it publishes only when the caller read to the end
 * without error and no newer write happened meanwhile, then hands its ticket to the propagation
 * below the value's home and releases any followers. Every other ending aborts the write. Its
 * {@link TierWrite} places the value and enforces the byte limit; the {@link Publisher} owns the
 * settling. Used by the one reading thread.
 */
final class Fill extends OutputStream implements TeeInputStream.Listener {

  private final Publisher publisher;
  private final TierWrite write;
  private final Generations.Ticket ticket;
  private final Flights.Flight flight; // null when not leading a flight
  private final TierWrite.Mode mode;
  private final Metadata metadata; // as the write started with it
  private final UnaryOperator<Metadata> completion; // null when none

  private Fill(Publisher publisher, TierWrite write, Generations.Ticket ticket,
      Flights.Flight flight, TierWrite.Mode mode, Metadata metadata,
      UnaryOperator<Metadata> completion) {
    this.publisher = publisher;
    this.write = write;
    this.ticket = ticket;
    this.flight = flight;
    this.mode = mode;
    this.metadata = metadata;
    this.completion = completion;
  }

  /** A body from the origin (or renewed by it), ending {@code flight} if not null. */
  static Fill fromOrigin(Publisher publisher, TierWrite write, Generations.Ticket ticket,
      Flights.Flight flight) {
    return new Fill(publisher, write, ticket, flight, TierWrite.Mode.FILL, null, null);
  }

  /**
   * A body from the origin whose metadata {@code completion} finishes at EOF (when not null),
   * the write having started with {@code metadata}.
   */
  static Fill fromOrigin(Publisher publisher, TierWrite write, Generations.Ticket ticket,
      Flights.Flight flight, Metadata metadata, UnaryOperator<Metadata> completion) {
    return new Fill(publisher, write, ticket, flight, TierWrite.Mode.FILL, metadata, completion);
  }

  /** A body read from a lower tier. */
  static Fill promotion(Publisher publisher, TierWrite write, Generations.Ticket ticket) {
    return new Fill(publisher, write, ticket, null, TierWrite.Mode.PROMOTION, null, null);
  }

  /** The caller's stream over {@code body}, filling the tiers as it is read. */
  InputStream tee(InputStream body) {
    return new TeeInputStream(body, this, this);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    write.write(b, off, len); // a tier failure is logged and counted there
  }

  @Override
  public void onComplete() {
    int tier = -1;
    try {
      if (completion != null) {
        Metadata completed = completion.apply(metadata);
        write.amend(completed.cachedAt().equals(metadata.cachedAt())
            ? completed : completed.withCachedAt(metadata.cachedAt()));
      }
      tier = write.publish(ticket, mode);
    } catch (IOException | RuntimeException e) {
      write.failed("commit", e);
    } finally {
      // Not published: a completion or amend that threw left the write open, free its state.
      publisher.settle(ticket, flight, write, tier);
    }
  }

  @Override
  public void onIncomplete(Throwable causeOrNull) {
    publisher.settle(ticket, flight, write, -1);
  }
}
