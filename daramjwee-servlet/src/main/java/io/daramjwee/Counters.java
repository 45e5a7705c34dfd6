package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters, shared by the read flow (hits, misses), the {@link OriginFlow} (origin
 * calls) and the {@link Publisher} (publishes, aborted fills); {@link #snapshot} makes a
 * {@link CacheStats}. Thread-safe, lock-free.
 */
final class Counters {

  final LongAdder[] tierHits;
  final LongAdder[] tierErrors;
  final LongAdder staleHits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder collapsed = new LongAdder();
  final LongAdder originFetches = new LongAdder();
  final LongAdder originErrors = new LongAdder();
  final LongAdder notModified = new LongAdder();
  final LongAdder published = new LongAdder();
  final LongAdder fillsAborted = new LongAdder();
  final LongAdder refreshesScheduled = new LongAdder();

  Counters(int tiers) {
    tierHits = new LongAdder[tiers];
    tierErrors = new LongAdder[tiers];
    for (int i = 0; i < tiers; i++) {
      tierHits[i] = new LongAdder();
      tierErrors[i] = new LongAdder();
    }
  }

  CacheStats snapshot(BoundedWorker worker) {
    return new CacheStats(sums(tierHits), sums(tierErrors), staleHits.sum(), misses.sum(),
        collapsed.sum(), originFetches.sum(), originErrors.sum(), notModified.sum(),
        published.sum(), fillsAborted.sum(), refreshesScheduled.sum(), worker.dropped(),
        worker.failed() + worker.timedOut(), worker.queueDepth());
  }

  private static List<Long> sums(LongAdder[] adders) {
    List<Long> sums = new ArrayList<>(adders.length);
    for (LongAdder a : adders) {
      sums.add(a.sum());
    }
    return sums;
  }
}
