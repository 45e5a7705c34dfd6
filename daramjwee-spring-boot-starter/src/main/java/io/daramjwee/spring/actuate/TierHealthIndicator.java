package io.daramjwee.spring.actuate;

import io.daramjwee.CacheStats;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of one tier: its store answers {@code stat} of a fixed probe key within a timeout, or
 * the tier is {@link #DEGRADED}, with the error. Never {@code DOWN}: the cache skips a failing tier
 * and serves from the next one or the origin, so the application still answers and must stay in
 * its load balancer. Boot's default HTTP mapping answers {@code DEGRADED} with 200.
 *
 * <p>The probe runs on {@code executor} so that a store that hangs (an unreachable S3 endpoint)
 * cannot hang the health endpoint. While a probe is still running, later checks wait on it rather
 * than start another, so a hung store holds at most one thread.
 *
 * <p>Thread-safe.
 */
final class TierHealthIndicator implements HealthIndicator {

  /** A tier that fails: the cache works around it, more slowly or with more origin traffic. */
  static final Status DEGRADED = new Status("DEGRADED",
      "the tier fails; the cache serves from the next tier or the origin");

  /** The key probed; never written, so a healthy store answers "absent". */
  static final String PROBE_KEY = "daramjwee:health-probe";

  private final Tier tier;
  private final int index;
  private final DaramjweeCache cache; // null when the application has no cache bean
  private final Executor executor;
  private final Duration timeout;
  private volatile CompletableFuture<?> probe = CompletableFuture.completedFuture(null);

  TierHealthIndicator(Tier tier, int index, DaramjweeCache cache, Executor executor,
      Duration timeout) {
    this.tier = tier;
    this.index = index;
    this.cache = cache;
    this.executor = executor;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    Health.Builder health;
    try {
      running().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      health = Health.up();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause()
          : e.getCause();
      health = Health.status(DEGRADED).withException(cause);
    } catch (TimeoutException e) {
      health = Health.status(DEGRADED)
          .withDetail("error", "the store did not answer a probe within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      health = Health.unknown().withDetail("error", "interrupted while probing");
    }
    health.withDetail("type", tier.type()).withDetail("store", tier.store().toString());
    if (cache != null) {
      CacheStats stats = cache.stats();
      health.withDetail("errors", EndpointSummary.perTier(stats.tierErrors(), index));
    }
    return health.build();
  }

  /** The probe still running, or a new one. */
  private synchronized CompletableFuture<?> running() {
    if (probe.isDone()) {
      probe = CompletableFuture.runAsync(() -> {
        try {
          tier.store().stat(PROBE_KEY);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, executor);
    }
    return probe;
  }
}
