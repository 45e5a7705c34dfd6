package io.daramjwee;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-key generations: the invariant that keeps a slow fill from overwriting newer data.
 *
 * <p>Every publish, {@code set} and {@code delete} advances the key's generation under the key's
 * lock. A fill, promotion or refresh takes a {@link Ticket} (observing the generation)
 * <em>before</em> it reads its source, and may publish only if the generation is unchanged when it
 * commits; the check and the commit happen under the same lock. So a stale fill never overwrites a
 * newer set, and nothing deleted comes back. A value is published in its home, the first tier
 * that admits it ({@link Admission}): tier 0 mostly, a lower tier for a value too large for the
 * tiers above.
 *
 * <p>Copies into the tiers below a home (propagation) advance a second counter instead. They must
 * not invalidate newer work in the home (a refresh that started while an older value was being
 * copied down is newer, not stale), but they must invalidate a promotion that read the lower tier
 * before the copy landed. So promotions check both counters, everything else only the generation.
 *
 * <p>A generation matters only while some operation holds a ticket for the key, so a slot lives
 * exactly as long as it has holders and memory stays bounded by the operations in flight, not by
 * the key space. The read flow and the {@link Publisher} take tickets; whichever object holds one
 * consumes it exactly once (release, or hand it on to the lower tiers' propagation). Thread-safe.
 */
final class Generations {

  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong publishes = new AtomicLong();

  /** Observes the current generation of {@code key}; the caller must {@link Ticket#release()}. */
  Ticket acquire(String key) {
    Slot slot = slots.compute(key, (k, s) -> {
      Slot held = s == null ? new Slot() : s;
      held.holders++;
      return held;
    });
    return new Ticket(key, slot, slot.generation, slot.lowerWrites);
  }

  /**
   * How many commits have been published into any tier, under any key: advanced under the key's
   * lock before the generation, so a ticket that observed a generation after a commit also sees
   * the count after it. The read flow compares two readings to learn that nothing was published
   * between them.
   */
  long publishes() {
    return publishes.get();
  }

  /** Keys with a ticket outstanding; for tests and diagnostics. */
  int slotsInUse() {
    return slots.size();
  }

  private void release(Ticket ticket) {
    slots.computeIfPresent(ticket.key, (k, s) -> --s.holders == 0 ? null : s);
  }

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    volatile long generation;
    volatile long lowerWrites;
    int holders; // guarded by the map's compute on this key
  }

  /** A runnable that may throw {@link IOException}. */
  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }

  /**
   * One operation's view of a key's generation. Used by one thread at a time; may be handed from a
   * request thread to a background job.
   */
  final class Ticket {
    private final String key;
    private final Slot slot;
    private final AtomicBoolean released = new AtomicBoolean();
    private final long observedLowerWrites;
    private long observed;

    private Ticket(String key, Slot slot, long observed, long observedLowerWrites) {
      this.key = key;
      this.slot = slot;
      this.observed = observed;
      this.observedLowerWrites = observedLowerWrites;
    }

    String key() {
      return key;
    }

    /**
     * Commits {@code writer} if no other publish, set or delete happened since this ticket
     * observed the key; else aborts it. A successful publish advances the generation and the
     * ticket follows it, so the same ticket can publish the value into the lower tiers next.
     *
     * @return true when the writer was committed
     * @throws IOException when the commit itself failed (nothing was published)
     */
    boolean publishIfCurrent(StoreWriter writer) throws IOException {
      return publishToTier(writer, false, null);
    }

    /**
     * {@link #publishIfCurrent(StoreWriter)}, then, still under the key's lock, runs
     * {@code afterCommit} (may be null) when the writer was committed: for a value published
     * below tier 0, removing the older copies above it, with no publish able to interleave.
     */
    boolean publishIfCurrent(StoreWriter writer, Runnable afterCommit) throws IOException {
      return publishToTier(writer, false, afterCommit);
    }

    /**
     * Like {@link #publishIfCurrent} for a value read from a lower tier: also refused when a
     * newer value was copied into the lower tiers since this ticket observed the key.
     */
    boolean publishPromotionIfCurrent(StoreWriter writer) throws IOException {
      return publishToTier(writer, true, null);
    }

    /**
     * Commits {@code writer}, a copy into a lower tier, if nothing was published, set or deleted
     * since this ticket observed the key; else aborts it. Advances only the lower-tier counter.
     */
    boolean publishBelowIfCurrent(StoreWriter writer) throws IOException {
      slot.lock.lock();
      try {
        if (slot.generation != observed) {
          writer.abort();
          return false;
        }
        writer.commit();
        publishes.incrementAndGet();
        slot.lowerWrites++;
        return true;
      } finally {
        slot.lock.unlock();
      }
    }

    /**
     * Runs {@code action} under the key's lock if nothing was published, set or deleted since
     * this ticket observed the key (or since its own last publish); advances nothing.
     *
     * @return whether the action ran
     */
    boolean runIfCurrent(IoAction action) throws IOException {
      slot.lock.lock();
      try {
        if (slot.generation != observed) {
          return false;
        }
        action.run();
        return true;
      } finally {
        slot.lock.unlock();
      }
    }

    /** The home publish of a value, in whichever tier admission placed it. */
    private boolean publishToTier(StoreWriter writer, boolean promotion, Runnable afterCommit)
        throws IOException {
      slot.lock.lock();
      try {
        if (slot.generation != observed
            || (promotion && slot.lowerWrites != observedLowerWrites)) {
          writer.abort();
          return false;
        }
        writer.commit();
        publishes.incrementAndGet();
        observed = ++slot.generation;
        if (afterCommit != null) {
          afterCommit.run();
        }
        return true;
      } finally {
        slot.lock.unlock();
      }
    }

    /**
     * Commits {@code writer} unconditionally (a direct set is the newest value by definition),
     * then runs {@code afterCommit} (may be null) under the same lock.
     */
    void publishNewest(StoreWriter writer, Runnable afterCommit) throws IOException {
      exclusive(() -> {
        writer.commit();
        publishes.incrementAndGet();
        if (afterCommit != null) {
          afterCommit.run();
        }
      });
    }

    /** Runs {@code action} under the key's lock and then advances the generation (delete). */
    void exclusive(IoAction action) throws IOException {
      slot.lock.lock();
      try {
        action.run();
      } finally {
        // Advance even when the action failed part-way: a half-done delete must still reject
        // fills that observed the key before it.
        observed = ++slot.generation;
        slot.lock.unlock();
      }
    }

    /** Gives the ticket back. Idempotent. */
    void release() {
      if (released.compareAndSet(false, true)) {
        Generations.this.release(this);
      }
    }
  }
}
