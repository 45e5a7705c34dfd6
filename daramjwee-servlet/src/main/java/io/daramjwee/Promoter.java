package io.daramjwee;

import io.daramjwee.FreshnessPolicy.State;
import io.daramjwee.internal.BoundedWorker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotion of an entry found in a lower tier into the tiers above it: into the first of them
 * that admits its size ({@link Admission}), so a value too large for the hot tier is never
 * promoted there; only when that tier would not judge it expired; and only once the entry has
 * passed its {@link Probation}. The caller's read of the lower tier is teed into the write, which
 * publishes when the caller read to the end and a newer value has not been written meanwhile. A
 * caller that reads only a range of the body ({@link PromotionStream}) reads just that part from
 * the store, and the whole body is promoted by a background job instead ({@link #later}), at most
 * one per key at a time. A promotion is copied down only into the tiers between its new home and
 * the tier it was read from: the tiers below hold it already. Thread-safe.
 */
final class Promoter {

  private static final Logger LOG = LoggerFactory.getLogger(DaramjweeCache.class);

  private final Publisher publisher;
  private final FreshnessPolicy freshness;
  private final Probation probation;
  private final OncePerKey jobs;
  private final Clock clock;

  Promoter(Publisher publisher, FreshnessPolicy freshness, Probation probation,
      BoundedWorker worker, Clock clock) {
    this.publisher = publisher;
    this.freshness = freshness;
    this.probation = probation;
    this.jobs = new OncePerKey(worker);
    this.clock = clock;
  }

  /**
   * {@code body}, an entry of {@code tier} being served, ready to fill its promotion when one is
   * due; consumes {@code ticket} in every case.
   */
  InputStream promote(Generations.Ticket ticket, int tier, Metadata metadata, InputStream body) {
    // Probation comes last, so only a hit that could be promoted counts towards it.
    if (home(tier, metadata) < 0 || !probation.promote(ticket.key())) {
      ticket.release();
      return body;
    }
    return new PromotionStream(body, () -> tee(ticket, tier, metadata, body), ticket::release,
        () -> later(ticket.key(), tier));
  }

  /**
   * The tier a promotion of {@code metadata} from {@code tier} goes to, or -1 when none: no tier
   * above admits its size, or the one that does would judge it expired (it would only be read,
   * judged expired and promoted again on every get).
   */
  private int home(int tier, Metadata metadata) {
    int home = publisher.admission().home(0, tier, Admission.length(metadata));
    return home < 0 || freshness.judge(home, metadata, clock.instant()) == State.EXPIRED
        ? -1 : home;
  }

  /** {@code body} teed into its promotion, or {@code body} itself when no tier takes the write. */
  private InputStream tee(Generations.Ticket ticket, int tier, Metadata metadata,
      InputStream body) {
    TierWrite write = TierWrite.open(publisher, ticket.key(), metadata, Admission.length(metadata),
        0, tier, Long.MAX_VALUE);
    if (write == null) {
      ticket.release();
      return body;
    }
    return Fill.promotion(publisher, write, ticket).tee(body);
  }

  /**
   * Schedules the promotion of {@code key} from {@code tier} by a background read of its whole
   * body, unless one is running or queued already; a full queue drops it (counted by the worker),
   * and the next hit that passes probation schedules it again.
   */
  void later(String key, int tier) {
    jobs.submit(key, "promotion of key '" + key + "' from tier " + tier,
        () -> promoteWhole(key, tier));
  }

  /**
   * Reads {@code tier}'s entry of {@code key} whole, teed into its promotion, as a hit would: the
   * ticket is taken before any tier is read, so a value written meanwhile wins, and a tier above
   * that holds the key already ends the job. The read checks the body's checksum, so a damaged
   * entry is removed by its store here rather than promoted.
   */
  private void promoteWhole(String key, int tier) {
    Generations.Ticket ticket = publisher.acquire(key);
    StoredEntry entry = null;
    try {
      for (int i = 0; i < tier; i++) {
        if (!publisher.tier(i).isNull && publisher.tier(i).stat(key) != null) {
          return;
        }
      }
      entry = publisher.tier(tier).open(key);
      if (entry == null) {
        return;
      }
      Metadata metadata = entry.metadata();
      if (home(tier, metadata) < 0
          || freshness.judge(tier, metadata, clock.instant()) == State.EXPIRED) {
        return;
      }
      Generations.Ticket teeTicket = ticket;
      ticket = null; // the tee consumes it
      InputStream in = tee(teeTicket, tier, metadata, entry.body());
      if (in == entry.body()) {
        return; // no tier above takes the write
      }
      try (in) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      LOG.debug("background promotion of key '{}' from tier {} failed", key, tier, e);
    } finally {
      if (ticket != null) {
        ticket.release();
      }
      if (entry != null) {
        entry.closeQuietly();
      }
    }
  }
}
