package io.daramjwee;

import java.io.Closeable;
import java.io.IOException;

/**
 * The answer of {@link DaramjweeCache#lookup}: either the tiers answered ({@link #answer()}), or
 * this caller must produce the value and then settle the lookup exactly once, by one of
 * <ul>
 *   <li>{@link #fill}: a writer into the first tier that admits the value whose {@code commit()}
 *       publishes it (if no newer write happened meanwhile), copies it to the lower tiers in the
 *       background and releases the callers waiting for it; {@code abort()} releases them
 *       empty-handed;
 *   <li>{@link #pass()}: the value is not to be stored;
 *   <li>{@link #staleOnError()}: the origin failed; a stale entry may stand in for it.
 * </ul>
 * {@link #close()} settles an unsettled lookup as a pass, so waiting callers are never stranded.
 *
 * <pre>{@code
 * try (Lookup lookup = cache.lookup(key, CacheRequest.none(), refresher)) {
 *   if (lookup.answer() != null) {
 *     lookup.answer().body().transferTo(out);
 *   } else {
 *     try (StoreWriter fill = lookup.fill(metadata)) {
 *       produceInto(out, fill);  // writes to the client and the fill
 *       fill.commit();
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Writes into the fill never fail because of the cache: a failing tier is logged and counted,
 * and the fill quietly stops storing. A producing lookup owns its ticket and flight until settled;
 * its {@link OriginFlow} starts the fill and serves the stale stand-in. Used by one thread; the
 * fill may be aborted from any.
 */
public final class Lookup implements Closeable {

  private final CacheResponse answer;
  private final OriginFlow origin;
  private final String key;
  private final CacheRequest request;
  private final Generations.Ticket ticket;
  private final Flights.Flight flight; // null when producing uncoalesced
  private final Metadata previous;
  private final int previousTier;
  private final java.time.Instant asked; // when the producer was asked; null when answered
  private boolean settled;

  private Lookup(CacheResponse answer) {
    this.answer = answer;
    this.origin = null;
    this.key = null;
    this.request = null;
    this.ticket = null;
    this.flight = null;
    this.previous = null;
    this.previousTier = -1;
    this.asked = null;
    this.settled = true;
  }

  Lookup(OriginFlow origin, String key, CacheRequest request, Generations.Ticket ticket,
      Flights.Flight flight, Metadata previous, int previousTier) {
    this.answer = null;
    this.origin = origin;
    this.key = key;
    this.request = request;
    this.ticket = ticket;
    this.flight = flight;
    this.previous = previous;
    this.previousTier = previousTier;
    this.asked = origin.now();
  }

  /**
   * A lookup the tiers answered with {@code answer}: for a caller that replaced the answer of
   * another lookup ({@link CacheResponse#markedStale()}), dropping that one without closing it.
   */
  public static Lookup answered(CacheResponse answer) {
    return new Lookup(answer);
  }

  /** The tiers' answer (a hit, a stale hit, or a concurrent producer's value), or null. */
  public CacheResponse answer() {
    return answer;
  }

  /** Whether the lookup needs no more settling: answered, filled, passed or closed. */
  public boolean isSettled() {
    return settled;
  }

  /** The expired entry this caller replaces, or null: its validators, its tier's metadata. */
  public Metadata previous() {
    return previous;
  }

  /**
   * Starts storing the value this caller produces. The cache stamps {@code cachedAt} when the
   * metadata carries none, with the time this lookup missed: before the producer ran, so a purge
   * taken while it ran covers its value.
   *
   * @throws IllegalStateException when the tiers answered or the lookup is already settled
   */
  public StoreWriter fill(Metadata metadata) {
    return fill(metadata, -1);
  }

  /**
   * {@link #fill(Metadata)} for a value of {@code length} bytes, as its producer declared it (a
   * {@code Content-Length}), or -1 when unknown: the value is written straight into the first
   * tier that admits that size, so a body too large for the hot tier goes to a lower one from its
   * first byte. A body of unknown length starts in the first tier and moves on when it outgrows
   * it ({@link DaramjweeBuilder#tierMaxEntrySize}). A body longer than it declared is stored only
   * while its tier admits it.
   *
   * @throws IllegalArgumentException when {@code length} is below -1
   * @throws IllegalStateException when the tiers answered or the lookup is already settled
   */
  public StoreWriter fill(Metadata metadata, long length) {
    java.util.Objects.requireNonNull(metadata, "metadata");
    if (length < -1) {
      throw new IllegalArgumentException("length must be -1 (unknown) or more: " + length);
    }
    settle("fill");
    return origin.push(ticket, flight, metadata, length, asked);
  }

  /** The value is not stored; callers waiting for it produce their own. */
  public void pass() {
    settle("pass");
    release();
  }

  /**
   * The origin failed: the expired entry, when it is still inside its stale-if-error window,
   * answers instead; else null and the caller reports the failure.
   */
  public CacheResponse staleOnError() {
    settle("staleOnError");
    release();
    return previous == null ? null : origin.serveOnError(key, previousTier, request);
  }

  /**
   * The origin confirmed {@link #previous()} unchanged (it answered "not modified" to the
   * validators this caller sent): answers with that entry's body under {@code renewed} metadata,
   * rewriting tier 0 while the caller reads it (or in the background when the caller's own
   * condition makes the answer {@link CacheResponse.Status#NOT_MODIFIED}), and settles the lookup.
   * The cache stamps {@code cachedAt} with the time this lookup missed.
   *
   * @return the renewed answer ({@link CacheResponse.Source#REVALIDATED}), or null when the entry
   *     vanished or was replaced meanwhile (the lookup is then settled as a pass)
   * @throws IllegalStateException when the tiers answered, the lookup is settled, or it has no
   *     previous entry
   */
  public CacheResponse renew(Metadata renewed) {
    java.util.Objects.requireNonNull(renewed, "renewed");
    if (answer == null && !settled && previous == null) {
      throw new IllegalStateException("renew: the lookup has no previous entry");
    }
    settle("renew");
    return origin.renewPushed(key, request, ticket, flight, previousTier, renewed, asked);
  }

  /** Settles an unsettled lookup as {@link #pass()}; closes the answer if there is one. */
  @Override
  public void close() throws IOException {
    if (!settled) {
      settled = true;
      release();
    }
    if (answer != null) {
      answer.close();
    }
  }

  private void settle(String how) {
    if (answer != null) {
      throw new IllegalStateException(how + ": the cache answered this lookup");
    }
    if (settled) {
      throw new IllegalStateException(how + ": the lookup is already settled");
    }
    settled = true;
  }

  private void release() {
    Publisher.pass(ticket, flight);
  }
}
