package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.NamedJob;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * How a value becomes, or stops being, visible in the tiers, in one place: it owns the tiers, the
 * per-key {@link Generations}, the counters of what was published or dropped, the clock that
 * stamps {@code cachedAt}, and the background copy into the lower tiers ({@link Propagator}).
 *
 * <p>Every writer of the engine (a fill from the origin or a lower tier, a pushed fill, a direct
 * set, a refresh or renewal) ends through {@link #settle}, {@link #published} or
 * {@link #aborted}, so the settle steps are written once: a published value is counted and its
 * ticket handed to the propagation, which takes it over; anything else aborts the writer, counts
 * an aborted fill and gives the ticket back; then the flight, if any, ends with the outcome.
 * Deletes go through here too, lowest tier first. Thread-safe.
 */
final class Publisher {

  private static final int COPY_BUFFER = 16 * 1024;

  private final Tier[] tiers;
  private final boolean hasLowerTiers;
  private final Generations generations;
  private final Counters counters;
  private final BoundedWorker worker;
  private final Clock clock;
  private final Propagator propagator;

  Publisher(Tier[] tiers, Generations generations, Counters counters, BoundedWorker worker,
      Clock clock) {
    this.tiers = tiers;
    boolean lower = false;
    for (int i = 1; i < tiers.length; i++) {
      lower |= !tiers[i].isNull;
    }
    this.hasLowerTiers = lower;
    this.generations = generations;
    this.counters = counters;
    this.worker = worker;
    this.clock = clock;
    this.propagator = new Propagator(this);
  }

  Tier tier(int index) {
    return tiers[index];
  }

  int tierCount() {
    return tiers.length;
  }

  Counters counters() {
    return counters;
  }

  /** Observes the generation of {@code key} for a write starting now; see {@link Generations}. */
  Generations.Ticket acquire(String key) {
    return generations.acquire(key);
  }

  // ---- cachedAt ----

  /** {@code metadata} stamped with the current time as its {@code cachedAt}. */
  Metadata stamp(Metadata metadata) {
    return metadata.withCachedAt(clock.instant());
  }

  /**
   * The current time, to stamp a response with when it arrives: taken before the origin is asked,
   * so {@code cachedAt} is never later than the origin produced the value (RFC 9111 §4.2.3 ages a
   * response from its request time too). A purge taken while a fetch was under way thus covers
   * what that fetch brings back: it may predate the purge.
   */
  Instant now() {
    return clock.instant();
  }

  /** {@code metadata} stamped now, unless its writer set a {@code cachedAt} of its own. */
  Metadata stampIfUnset(Metadata metadata) {
    return isUnstamped(metadata) ? stamp(metadata) : metadata;
  }

  /**
   * {@code metadata}, an amendment of a write that started at {@code cachedAt}, keeping that time
   * unless it sets one of its own.
   */
  static Metadata stampIfUnset(Metadata metadata, Instant cachedAt) {
    return isUnstamped(metadata) ? metadata.withCachedAt(cachedAt) : metadata;
  }

  private static boolean isUnstamped(Metadata metadata) {
    // EPOCH is Metadata's default: the caller of set or fill left cachedAt to the cache.
    return metadata.cachedAt().equals(Instant.EPOCH);
  }

  // ---- settling a write ----

  /**
   * Settles a tier-0 write that has ended: when {@code published}, see {@link #published};
   * else see {@link #aborted}. Then ends {@code flight} (may be null) with the outcome. Consumes
   * {@code ticket} in every case.
   */
  void settle(Generations.Ticket ticket, Flights.Flight flight, StoreWriter writer,
      boolean published) {
    if (published) {
      published(ticket);
    } else {
      aborted(ticket, writer);
    }
    Flights.finish(flight, published);
  }

  /** Counts a value {@code ticket} just published and copies it into the lower tiers. */
  void published(Generations.Ticket ticket) {
    counters.published.increment();
    propagateDown(ticket); // takes over the ticket
  }

  /**
   * Aborts {@code writer} (may be null; a completion or amend that threw can have left it open),
   * counts the aborted fill and releases {@code ticket}.
   */
  void aborted(Generations.Ticket ticket, StoreWriter writer) {
    if (writer != null) {
      writer.abort();
    }
    counters.fillsAborted.increment();
    ticket.release();
  }

  /**
   * Nothing to publish: releases {@code ticket} and ends {@code flight} (may be null) empty-handed,
   * so its followers fetch for themselves. Not an aborted fill: none was started.
   */
  static void pass(Generations.Ticket ticket, Flights.Flight flight) {
    ticket.release();
    Flights.finish(flight, false);
  }

  // ---- whole-body writes ----

  /**
   * Writes {@code body} whole into tier 0 and publishes it if still current, then settles;
   * consumes {@code ticket} in every case.
   *
   * @return true when published
   * @throws IOException when reading {@code body} fails (tier failures only return false)
   */
  boolean storeHot(Generations.Ticket ticket, Metadata metadata, InputStream body)
      throws IOException {
    boolean published = false;
    try {
      published = writeTier(tiers[0], ticket, metadata, body);
    } finally {
      // writeTier closed its writer on every path, so there is none left to abort here.
      settle(ticket, null, null, published);
    }
    return published;
  }

  /**
   * Writes {@code body} whole into {@code tier} and publishes it if {@code ticket} is still
   * current. Does not consume the ticket.
   *
   * @return true when published; false when the tier failed (logged and counted) or a newer
   *     write won
   * @throws IOException when reading {@code body} fails
   */
  boolean writeTier(Tier tier, Generations.Ticket ticket, Metadata metadata, InputStream body)
      throws IOException {
    StoreWriter writer = tier.writer(ticket.key(), metadata);
    if (writer == null) {
      return false;
    }
    try (writer) {
      byte[] buffer = new byte[COPY_BUFFER];
      for (int n; (n = body.read(buffer)) != -1; ) {
        try {
          writer.write(buffer, 0, n);
        } catch (IOException | RuntimeException e) {
          tier.failed("write", ticket.key(), e);
          return false;
        }
      }
      try {
        return tier.index == 0
            ? ticket.publishIfCurrent(writer) : ticket.publishBelowIfCurrent(writer);
      } catch (IOException | RuntimeException e) {
        tier.failed("commit", ticket.key(), e);
        return false;
      }
    }
  }

  /** Copies the value {@code ticket} just published into the lower tiers; consumes the ticket. */
  private void propagateDown(Generations.Ticket ticket) {
    // A full queue drops the copy (counted by the worker) rather than block the publisher.
    if (!hasLowerTiers || !worker.submit(new NamedJob(
        "copy of key '" + ticket.key() + "' into the lower tiers", () -> propagator.run(ticket)))) {
      ticket.release();
    }
  }

  // ---- delete ----

  /** Deletes {@code key} from every tier, lowest first, advancing its generation. */
  void delete(String key) throws IOException {
    Generations.Ticket ticket = generations.acquire(key);
    try {
      // Under the key's lock: no publish can interleave, and every fill that observed the key
      // before this delete fails its generation check afterwards. Lowest tier first, so that even
      // a reader outside the lock can never promote a value that is being deleted.
      ticket.exclusive(() -> {
        IOException first = null;
        for (int i = tiers.length - 1; i >= 0; i--) {
          if (tiers[i].isNull) {
            continue;
          }
          try {
            tiers[i].delete(key);
          } catch (IOException | RuntimeException e) {
            IOException failure = e instanceof IOException
                ? (IOException) e : new IOException(tiers[i] + " delete failed", e);
            if (first == null) {
              first = failure;
            } else {
              first.addSuppressed(failure);
            }
          }
        }
        if (first != null) {
          throw first;
        }
      });
    } finally {
      ticket.release();
    }
  }
}
