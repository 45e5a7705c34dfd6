package io.daramjwee.spring.actuate;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link TierProbe} per tier, by the tier's name, in tier order, and the daemon threads that
 * run them: one per tier at most, stopped by {@link #close()}. What each starter's
 * {@code daramjwee} health contributor is made of. Thread-safe.
 */
final class TierProbes implements AutoCloseable {

  /** How long a probe may take before its tier counts as failing. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final ExecutorService threads;
  private final Map<String, TierProbe> byTier;

  TierProbes(DaramjweeTiers tiers, DaramjweeCache cache, Duration timeout) {
    AtomicInteger count = new AtomicInteger();
    // Unbounded in principle, bounded in practice: each tier runs one probe at a time.
    this.threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "daramjwee-health-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    Map<String, TierProbe> probes = new LinkedHashMap<>();
    List<Tier> all = tiers.tiers();
    for (int i = 0; i < all.size(); i++) {
      probes.put(all.get(i).name(), new TierProbe(all.get(i), i, cache, threads, timeout));
    }
    this.byTier = Collections.unmodifiableMap(probes);
  }

  /** The probes by tier name ({@code hot}, {@code cold}), in tier order. */
  Map<String, TierProbe> byTier() {
    return byTier;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
