package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.NamedJob;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Background jobs of one kind on the cache's worker, at most one per key at a time: a key's job is
 * not queued again while one is queued or running. Each kind (refreshes, promotions, whole reads)
 * has its own. Thread-safe.
 */
final class OncePerKey {

  private final BoundedWorker worker;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  OncePerKey(BoundedWorker worker) {
    this.worker = worker;
  }

  /**
   * Queues {@code job} for {@code key}, described as {@code description} in the worker's logs;
   * false when not queued: one is pending for the key, or the worker's queue is full (which the
   * worker counts).
   */
  boolean submit(String key, String description, Runnable job) {
    if (!pending.add(key)) {
      return false;
    }
    boolean queued = false;
    try {
      queued = worker.submit(new NamedJob(description, () -> {
        try {
          job.run();
        } finally {
          pending.remove(key);
        }
      }));
    } finally {
      if (!queued) {
        pending.remove(key);
      }
    }
    return queued;
  }
}
