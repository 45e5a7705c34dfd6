package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.NamedJob;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * How a value becomes, or stops being, visible in the tiers, in one place: it owns the tiers and
 * their {@link Admission}, the per-key {@link Generations}, the counters of what was published or
 * dropped, the clock that stamps {@code cachedAt}, and the background copy into the lower tiers
 * ({@link Propagator}).
 *
 * <p>Every writer of the engine (a fill from the origin or a lower tier, a pushed fill, a direct
 * set, a refresh or renewal) writes through a {@link TierWrite}, which places the value in its
 * home tier, and ends through {@link #settle}, {@link #published} or {@link #aborted}, so the
 * settle steps are written once: a published value is counted and its ticket handed to the
 * propagation below its home, which takes it over; anything else aborts the write, counts an
 * aborted fill and gives the ticket back; then the flight, if any, ends with the tier it was
 * published in. Deletes go through here too, lowest tier first. Thread-safe.
 */
final class Publisher {

  private static final int COPY_BUFFER = 16 * 1024;

  private final Tier[] tiers;
  private final Admission admission;
  private final Generations generations;
  private final Counters counters;
  private final BoundedWorker worker;
  private final Clock clock;
  private final Propagator propagator;

  Publisher(Tier[] tiers, Admission admission, Generations generations, Counters counters,
      BoundedWorker worker, Clock clock) {
    this.tiers = tiers;
    this.admission = admission;
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

  Admission admission() {
    return admission;
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
   * Settles a write that has ended: published in {@code tier} (see {@link #published}), or not
   * ({@code tier} -1, see {@link #aborted}). Then ends {@code flight} (may be null) with the tier.
   * Consumes {@code ticket} in every case.
   */
  void settle(Generations.Ticket ticket, Flights.Flight flight, TierWrite write, int tier) {
    if (tier >= 0) {
      published(ticket, write);
    } else {
      aborted(ticket, write);
    }
    Flights.finish(flight, tier);
  }

  /**
   * Counts a value {@code ticket} just published with {@code write} and copies it into the tiers
   * below its home (up to the write's end); consumes the ticket.
   */
  void published(Generations.Ticket ticket, TierWrite write) {
    counters.published.increment();
    propagateDown(ticket, write.homeTier(), write.end(), write.written(), write.takeSpill());
  }

  /**
   * Aborts {@code write} (may be null; a completion or amend that threw can have left it open),
   * counts the aborted fill and releases {@code ticket}.
   */
  void aborted(Generations.Ticket ticket, TierWrite write) {
    if (write != null) {
      write.abort();
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
    Flights.finish(flight, -1);
  }

  /**
   * Removes {@code key} from the tiers above {@code tier}, where a value was just published under
   * the key's lock: an older copy there would be found first. A tier that fails is logged and
   * counted ({@link Tier#delete}); the new value is published all the same.
   */
  void removeAbove(String key, int tier) {
    for (int i = 0; i < tier; i++) {
      if (!tiers[i].isNull) {
        try {
          tiers[i].delete(key);
        } catch (IOException | RuntimeException e) {
          // logged and counted by the tier
        }
      }
    }
  }

  // ---- whole-body writes ----

  /**
   * Writes {@code body} whole into the first tier that admits it and publishes it if still
   * current, then settles; consumes {@code ticket} in every case.
   *
   * @param length the body's length, or -1 when unknown
   * @param storeLimit the most bytes that may be stored
   * @return the tier it was published in, or -1
   * @throws IOException when reading {@code body} fails (tier failures only return -1)
   */
  int store(Generations.Ticket ticket, Metadata metadata, InputStream body, long length,
      long storeLimit) throws IOException {
    TierWrite write = TierWrite.open(this, ticket.key(), metadata, length, 0, tiers.length,
        storeLimit);
    int tier = -1;
    try {
      if (write != null && copy(body, write)) {
        try {
          tier = write.publish(ticket, TierWrite.Mode.FILL);
        } catch (IOException | RuntimeException e) {
          write.failed("commit", e);
        }
      }
    } finally {
      settle(ticket, null, write, tier);
    }
    return tier;
  }

  /**
   * Copies {@code body} into {@code write}.
   *
   * @return false when the write could store no more (it is settled by the caller)
   * @throws IOException when reading {@code body} fails
   */
  private static boolean copy(InputStream body, TierWrite write) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    for (int n; (n = body.read(buffer)) != -1; ) {
      try {
        write.write(buffer, 0, n);
      } catch (IOException e) {
        return false; // too large for every tier it could go to, or its tier failed (counted)
      }
    }
    return true;
  }

  /**
   * Writes {@code body} whole into {@code tier}, a tier below the value's home, and publishes it
   * there if {@code ticket} is still current. Does not consume the ticket.
   *
   * @return true when published; false when the tier failed (logged and counted) or a newer
   *     write won
   * @throws IOException when reading {@code body} fails
   */
  boolean writeBelow(Tier tier, Generations.Ticket ticket, Metadata metadata, InputStream body)
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
        return ticket.publishBelowIfCurrent(writer);
      } catch (IOException | RuntimeException e) {
        tier.failed("commit", ticket.key(), e);
        return false;
      }
    }
  }

  /**
   * Copies the value {@code ticket} just published in {@code home} into the tiers below it, up to
   * {@code end}; consumes the ticket, and commits or aborts {@code spilled} (may be null).
   */
  private void propagateDown(Generations.Ticket ticket, int home, int end, long length,
      TierWrite.Spilled spilled) {
    boolean lower = false;
    for (int i = home + 1; i < end; i++) {
      lower |= !tiers[i].isNull;
    }
    // A full queue drops the copy (counted by the worker) rather than block the publisher.
    if (!lower || !worker.submit(new NamedJob(
        "copy of key '" + ticket.key() + "' into the lower tiers",
        () -> propagator.run(ticket, home, end, length, spilled)))) {
      if (spilled != null) {
        spilled.writer().abort();
      }
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
