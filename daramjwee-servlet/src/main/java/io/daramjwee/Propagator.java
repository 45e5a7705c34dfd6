package io.daramjwee;

import java.io.IOException;

/**
 * Copies a value just published in its home tier down into the tiers below it that admit it, in
 * the background: after a fill every lower tier, after a promotion only the tiers between its
 * home and the tier it was read from (those below hold it already). Each copy is published with
 * the publisher's ticket, so a set or delete that happens meanwhile wins and the copy is dropped
 * (the newer value's own propagation carries it down). A tier below that does not admit the value
 * loses the key instead, so an older copy there cannot answer once the tiers above lose the
 * value. A spill copy the write left open ({@link TierWrite.Spilled}) is committed in its place
 * rather than copied again. Owned by the {@link Publisher}, which submits its jobs and lends it
 * the tiers and the whole-body tier write. Thread-safe.
 */
final class Propagator {

  private final Publisher publisher;

  Propagator(Publisher publisher) {
    this.publisher = publisher;
  }

  /**
   * Runs on a worker thread; always releases {@code ticket}, and commits or aborts
   * {@code spilled} (may be null).
   *
   * @param home the tier the value was published in
   * @param end the tier (exclusive) the copies stop at
   * @param length the value's body length
   */
  void run(Generations.Ticket ticket, int home, int end, long length,
      TierWrite.Spilled spilled) {
    String key = ticket.key();
    StoreWriter pending = spilled == null ? null : spilled.writer();
    try {
      for (int i = home + 1; i < end; i++) {
        Tier tier = publisher.tier(i);
        if (tier.isNull) {
          continue;
        }
        if (pending != null && spilled.tier() == i) {
          StoreWriter copy = pending;
          pending = null;
          if (!commit(tier, ticket, copy)) {
            return;
          }
        } else if (!publisher.admission().admits(i, length)) {
          if (!remove(tier, ticket)) {
            return;
          }
        } else if (!copy(home, tier, ticket)) {
          return; // deleted meanwhile, a newer write won, or a tier failed (logged and counted)
        }
      }
    } finally {
      if (pending != null) {
        pending.abort();
      }
      ticket.release();
    }
  }

  private boolean commit(Tier tier, Generations.Ticket ticket, StoreWriter copy) {
    try {
      return ticket.publishBelowIfCurrent(copy);
    } catch (IOException | RuntimeException e) {
      tier.failed("commit", ticket.key(), e);
      return false;
    }
  }

  private boolean remove(Tier tier, Generations.Ticket ticket) {
    try {
      return ticket.runIfCurrent(() -> tier.delete(ticket.key()));
    } catch (IOException | RuntimeException e) {
      return false; // logged and counted by the tier
    }
  }

  private boolean copy(int home, Tier tier, Generations.Ticket ticket) {
    StoredEntry source = publisher.tier(home).open(ticket.key());
    if (source == null) {
      return false; // deleted or evicted meanwhile: nothing to carry down
    }
    try (source) {
      return publisher.writeBelow(tier, ticket, source.metadata(), source.body());
    } catch (IOException e) {
      publisher.tier(home).failed("read for propagation", ticket.key(), e);
      return false;
    }
  }
}
