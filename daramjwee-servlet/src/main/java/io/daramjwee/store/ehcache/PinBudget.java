package io.daramjwee.store.ehcache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of chunks that open readers of an {@link EhcacheStore} may hold pinned on the heap at
 * once ({@link ReaderChunks}). A pinned chunk outlives its eviction from the cache until its reader
 * has served it, so the heap an Ehcache store costs is its heap pool plus, at worst, this budget:
 * the budget is what keeps "never cut a reader short" from becoming "any number of evicted bodies
 * alive at once".
 *
 * <p>A reservation is taken whole when a reader opens and given back chunk by chunk as the reader
 * serves them, so the budget follows what readers still hold, not what they once held.
 *
 * <p>Thread-safe and lock-free.
 */
final class PinBudget {

  private final long limit;
  private final AtomicLong held = new AtomicLong();

  /** @param limit the most bytes pinned at once; 0 pins nothing */
  PinBudget(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    this.limit = limit;
  }

  /** The most bytes pinned at once. */
  long limit() {
    return limit;
  }

  /** Whether a body of {@code bytes} could ever be pinned, the budget being otherwise free. */
  boolean fits(long bytes) {
    return bytes <= limit;
  }

  /** Reserves {@code bytes}, or returns false, reserving nothing, when fewer are free. */
  boolean tryReserve(long bytes) {
    while (true) {
      long now = held.get();
      if (bytes > limit - now) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Gives back {@code bytes} of an earlier reservation. */
  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** The bytes reserved now; for tests. */
  long held() {
    return held.get();
  }

  @Override
  public String toString() {
    return held.get() + " of " + limit + " bytes pinned";
  }
}
