package io.daramjwee.internal;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of reentrant locks shared by any number of keys: each key maps to one lock by its
 * hash, so work on one key is serialised while work on most other keys proceeds in parallel, and
 * memory does not grow with the number of keys (Guava's {@code Striped}, reduced to what the
 * stores need).
 *
 * <p>Two distinct keys may share a lock. A caller that holds one stripe must therefore not wait for
 * another, or it can deadlock with a caller doing the reverse; release one before taking the next.
 *
 * <p>Thread-safe and immutable after construction.
 */
public final class StripedLocks {

  /** The most stripes; far more than cores, so more would only cost memory. */
  public static final int MAX_STRIPES = 1 << 16;

  private final ReentrantLock[] locks;
  private final int mask;

  /**
   * @param stripes how many locks, rounded up to a power of two; 1 to {@link #MAX_STRIPES}
   * @throws IllegalArgumentException when {@code stripes} is out of range
   */
  public StripedLocks(int stripes) {
    if (stripes < 1 || stripes > MAX_STRIPES) {
      throw new IllegalArgumentException(
          "stripes must be between 1 and " + MAX_STRIPES + ": " + stripes);
    }
    int size = stripes == 1 ? 1 : Integer.highestOneBit(stripes - 1) << 1;
    this.locks = new ReentrantLock[size];
    for (int i = 0; i < size; i++) {
      locks[i] = new ReentrantLock();
    }
    this.mask = size - 1;
  }

  /** The lock of {@code key}; equal keys always get the same lock. */
  public ReentrantLock lockFor(Object key) {
    return locks[indexFor(key)];
  }

  /** How many locks there are: the requested number rounded up to a power of two. */
  public int stripes() {
    return locks.length;
  }

  // The mask keeps only the low bits, and some hashes vary only in their high bits (an Integer's
  // hash is its value, so keys spaced by a power of two would all share one lock). A
  // multiplicative mix then a fold moves every input bit into the kept bits (the constant is
  // 2^32 divided by the golden ratio, as in Fibonacci hashing).
  int indexFor(Object key) {
    int h = Objects.requireNonNull(key, "key").hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  @Override
  public String toString() {
    return "StripedLocks{stripes=" + locks.length + "}";
  }
}
