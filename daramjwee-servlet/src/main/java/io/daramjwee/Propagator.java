package io.daramjwee;

/**
 * Copies a value just published in tier 0 down into every lower tier, in the background. Each
 * copy is published with the publisher's ticket, so a set or delete that happens meanwhile wins
 * and the copy is dropped (the newer value's own propagation carries it down). Owned by the
 * {@link Publisher}, which submits its jobs and lends it the tiers and the whole-body tier write.
 * Thread-safe.
 */
final class Propagator {

  private final Publisher publisher;

  Propagator(Publisher publisher) {
    this.publisher = publisher;
  }

  /** Runs on a worker thread; always releases {@code ticket}. */
  void run(Generations.Ticket ticket) {
    String key = ticket.key();
    try {
      for (int i = 1; i < publisher.tierCount(); i++) {
        Tier tier = publisher.tier(i);
        if (tier.isNull) {
          continue;
        }
        StoredEntry source = publisher.tier(0).open(key);
        if (source == null) {
          return; // deleted or evicted meanwhile: nothing to carry down
        }
        try (source) {
          if (!publisher.writeTier(tier, ticket, source.metadata(), source.body())) {
            return; // a newer write won, or this tier failed (already logged and counted)
          }
        } catch (java.io.IOException e) {
          publisher.tier(0).failed("read for propagation", key, e);
          return;
        }
      }
    } finally {
      ticket.release();
    }
  }
}
