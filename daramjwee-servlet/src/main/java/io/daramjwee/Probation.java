package io.daramjwee;

import java.time.Clock;
import java.time.Duration;

/**
 * Promotion probation, as the Go original's {@code WithPromotionProbation}: an entry found in a
 * lower tier is promoted into the tiers above only once it has been hit {@code hits} times within
 * {@code window} of its first counted hit, so a one-off scan of a cold tier streams from it
 * without flushing the hot tier. With {@code hits} of 1 every lower-tier hit promotes.
 *
 * <p>Memory is bounded and fixed: hits are counted in a table of {@link #SETS} sets of
 * {@link #WAYS} slots (160 KiB), each slot a 64-bit fingerprint of a key, the time of its first
 * counted hit and its count; keys themselves are not kept. A key without a slot in its set takes
 * a free or expired one, else the one counting longest. So under a flood of distinct keys (the
 * scan this guards against) slots are taken over before they reach the count and the table errs
 * towards not promoting, the safe side: a promotion missed costs another lower-tier read, a wrong
 * one evicts hot entries. (A count-min sketch errs the other way: saturated by a scan, it would
 * call every key hot.) Two keys share a count only if their 64-bit fingerprints collide.
 *
 * <p>Time comes from the cache's injected clock. Thread-safe: each set is guarded by one of
 * {@link #LOCKS} striped monitors, held for a few array reads and writes; only lower-tier hits
 * come here, never a hot hit.
 */
final class Probation {

  static final int SETS = 2048;
  static final int WAYS = 4;
  private static final int LOCKS = 64;

  private final int hits;
  private final long windowMillis;
  private final Clock clock;
  private final long[] fingerprints; // 0: a free slot
  private final long[] firstHits;
  private final int[] counts;
  private final Object[] locks;

  /**
   * @param hits the lower-tier hits that earn a promotion; 1 promotes on every hit
   * @param window how long after its first counted hit a key's hits count
   */
  Probation(int hits, Duration window, Clock clock) {
    this.hits = hits;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    boolean on = hits > 1;
    this.fingerprints = on ? new long[SETS * WAYS] : null;
    this.firstHits = on ? new long[SETS * WAYS] : null;
    this.counts = on ? new int[SETS * WAYS] : null;
    this.locks = new Object[on ? LOCKS : 0];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * Counts a lower-tier hit of {@code key} and tells whether it has now earned its promotion. A
   * key that earns it starts counting afresh, so a promotion that is dropped (a newer write won,
   * the caller stopped reading) is tried again after another {@code hits} hits.
   */
  boolean promote(String key) {
    if (fingerprints == null) {
      return true;
    }
    long fingerprint = fingerprint(key);
    int base = (int) (fingerprint & (SETS - 1)) * WAYS;
    long now = clock.millis();
    synchronized (locks[(base / WAYS) & (LOCKS - 1)]) {
      int victim = -1;
      long victimStart = Long.MAX_VALUE;
      for (int i = base; i < base + WAYS; i++) {
        boolean expired = fingerprints[i] == 0 || expired(firstHits[i], now);
        if (fingerprints[i] == fingerprint) {
          if (expired) {
            victim = i; // its window passed: this hit counts as the first of a new one
            break;
          }
          if (++counts[i] < hits) {
            return false;
          }
          fingerprints[i] = 0;
          return true;
        }
        long start = expired ? Long.MIN_VALUE : firstHits[i];
        if (start < victimStart) {
          victim = i;
          victimStart = start;
        }
      }
      fingerprints[victim] = fingerprint;
      firstHits[victim] = now;
      counts[victim] = 1;
      return false;
    }
  }

  private boolean expired(long firstHit, long now) {
    // A clock that stepped back makes the count's age unknowable: start again.
    return now < firstHit || now - firstHit >= windowMillis;
  }

  /** A 64-bit fingerprint of {@code key}, never 0 (which marks a free slot). */
  static long fingerprint(String key) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the chars, then MurmurHash3's finalizer
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
