package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The engine's counters; {@link #snapshot} makes a {@link CacheStats}. Thread-safe, lock-free. */
final class Counters {

  final LongAdder[] tierHits;
  final LongAdder staleHits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder collapsed = new LongAdder();
  final LongAdder originFetches = new LongAdder();
  final LongAdder originErrors = new LongAdder();
  final LongAdder notModified = new LongAdder();
  final LongAdder published = new LongAdder();
  final LongAdder fillsAborted = new LongAdder();
  final LongAdder refreshesScheduled = new LongAdder();
  final LongAdder storeErrors = new LongAdder();

  Counters(int tiers) {
    tierHits = new LongAdder[tiers];
    for (int i = 0; i < tiers; i++) {
      tierHits[i] = new LongAdder();
    }
  }

  CacheStats snapshot(BoundedWorker worker) {
    List<Long> hits = new ArrayList<>(tierHits.length);
    for (LongAdder a : tierHits) {
      hits.add(a.sum());
    }
    return new CacheStats(hits, staleHits.sum(), misses.sum(), collapsed.sum(),
        originFetches.sum(), originErrors.sum(), notModified.sum(), published.sum(),
        fillsAborted.sum(), refreshesScheduled.sum(), worker.dropped(),
        worker.failed() + worker.timedOut(), storeErrors.sum(), worker.queueDepth());
  }
}
