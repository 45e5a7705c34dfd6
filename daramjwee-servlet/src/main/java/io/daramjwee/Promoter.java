package io.daramjwee;

import io.daramjwee.FreshnessPolicy.State;
import java.io.InputStream;
import java.time.Clock;

/**
 * Promotion of an entry found in a lower tier into the tiers above it: into the first of them
 * that admits its size ({@link Admission}), so a value too large for the hot tier is never
 * promoted there; only when that tier would not judge it expired; and only once the entry has
 * passed its {@link Probation}. The caller's read of the lower tier is teed into the write, which
 * publishes when the caller read to the end and a newer value has not been written meanwhile. A
 * promotion is copied down only into the tiers between its new home and the tier it was read
 * from: the tiers below hold it already. Thread-safe.
 */
final class Promoter {

  private final Publisher publisher;
  private final FreshnessPolicy freshness;
  private final Probation probation;
  private final Clock clock;

  Promoter(Publisher publisher, FreshnessPolicy freshness, Probation probation, Clock clock) {
    this.publisher = publisher;
    this.freshness = freshness;
    this.probation = probation;
    this.clock = clock;
  }

  /**
   * {@code body}, an entry of {@code tier} being served, teed into its promotion when one is due;
   * consumes {@code ticket} in every case.
   */
  InputStream promote(Generations.Ticket ticket, int tier, Metadata metadata, InputStream body) {
    long length = Admission.length(metadata);
    int home = publisher.admission().home(0, tier, length);
    // An entry its new tier would judge expired is not promoted: it would only be read, judged
    // expired and promoted again on every get. Probation comes last, so only a hit that could be
    // promoted counts towards it.
    if (home < 0 || freshness.judge(home, metadata, clock.instant()) == State.EXPIRED
        || !probation.promote(ticket.key())) {
      ticket.release();
      return body;
    }
    TierWrite write = TierWrite.open(publisher, ticket.key(), metadata, length, 0, tier,
        Long.MAX_VALUE);
    if (write == null) {
      ticket.release();
      return body;
    }
    return Fill.promotion(publisher, write, ticket).tee(body);
  }
}
