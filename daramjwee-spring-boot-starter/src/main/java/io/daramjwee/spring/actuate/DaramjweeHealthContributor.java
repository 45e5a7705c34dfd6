package io.daramjwee.spring.actuate;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code daramjwee} health contributor: one {@link TierHealthIndicator} per tier, by its name
 * ({@code hot}, {@code cold}). A failing tier is {@code DEGRADED}, never {@code DOWN}, so that it
 * does not take the application out of its load balancer (see {@link TierHealthIndicator}).
 *
 * <p>Boot's default status aggregation ignores statuses it does not know, so the composite itself
 * reads {@code UP} while a tier is {@code DEGRADED}; to see {@code DEGRADED} rolled up, set
 * {@code management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown}.
 *
 * <p>Owns the daemon threads that probe the stores, one per tier at most, stopped with the
 * context. Thread-safe.
 */
final class DaramjweeHealthContributor implements CompositeHealthContributor, DisposableBean {

  /** How long a probe may take before its tier counts as failing. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final ExecutorService probes;
  private final CompositeHealthContributor tiers;

  DaramjweeHealthContributor(DaramjweeTiers tiers, DaramjweeCache cache, Duration timeout) {
    AtomicInteger threads = new AtomicInteger();
    // Unbounded in principle, bounded in practice: each tier runs one probe at a time.
    this.probes = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "daramjwee-health-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
    List<Tier> all = tiers.tiers();
    for (int i = 0; i < all.size(); i++) {
      indicators.put(all.get(i).name(),
          new TierHealthIndicator(all.get(i), i, cache, probes, timeout));
    }
    this.tiers = CompositeHealthContributor.fromMap(indicators);
  }

  @Override
  public HealthContributor getContributor(String name) {
    return tiers.getContributor(name);
  }

  @Override
  public Iterator<NamedContributor<HealthContributor>> iterator() {
    return tiers.iterator();
  }

  @Override
  public void destroy() {
    probes.shutdownNow();
  }
}
