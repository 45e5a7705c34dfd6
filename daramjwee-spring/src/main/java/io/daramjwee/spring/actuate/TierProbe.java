package io.daramjwee.spring.actuate;

import io.daramjwee.CacheStats;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether one tier works: its store answers {@code stat} of a fixed probe key within a timeout,
 * or the tier is {@link #DEGRADED}, with the error. Never {@code DOWN}: the cache skips a failing
 * tier and serves from the next one or the origin, so the application still answers and must stay
 * in its load balancer. Boot's default HTTP mapping answers {@code DEGRADED} with 200.
 *
 * <p>This is the half of the tier health indicator that does not depend on the Boot generation
 * (its health types moved between Boot 3 and 4); each starter's {@code TierHealthIndicator} turns
 * an {@link Answer} into its generation's {@code Health}.
 *
 * <p>The probe runs on {@code executor} so that a store that hangs (an unreachable S3 endpoint)
 * cannot hang the health endpoint. While a probe is still running, later checks wait on it rather
 * than start another, so a hung store holds at most one thread.
 *
 * <p>Thread-safe.
 */
final class TierProbe {

  /** The status code of a tier that fails: the cache works around it, more slowly. */
  static final String DEGRADED = "DEGRADED";

  /** What {@link #DEGRADED} means, for the status's description. */
  static final String DEGRADED_DESCRIPTION =
      "the tier fails; the cache serves from the next tier or the origin";

  /** The key probed; never written, so a healthy store answers "absent". */
  static final String PROBE_KEY = "daramjwee:health-probe";

  /**
   * What a check found: a status code ({@code UP}, {@link #DEGRADED} or {@code UNKNOWN}) and the
   * details to show, in order ({@code error} when there is one, {@code type}, {@code store}, and
   * {@code errors}, the tier's error count, when the application has a cache bean).
   */
  record Answer(String status, Map<String, Object> details) {}

  private final Tier tier;
  private final int index;
  private final DaramjweeCache cache; // null when the application has no cache bean
  private final Executor executor;
  private final Duration timeout;
  private volatile CompletableFuture<?> probe = CompletableFuture.completedFuture(null);

  TierProbe(Tier tier, int index, DaramjweeCache cache, Executor executor, Duration timeout) {
    this.tier = tier;
    this.index = index;
    this.cache = cache;
    this.executor = executor;
    this.timeout = timeout;
  }

  /** Probes the store, waiting at most the timeout. */
  Answer check() {
    Map<String, Object> details = new LinkedHashMap<>();
    String status;
    try {
      running().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      status = "UP";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause()
          : e.getCause();
      status = DEGRADED;
      details.put("error", cause.getClass().getName() + ": " + cause.getMessage());
    } catch (TimeoutException e) {
      status = DEGRADED;
      details.put("error", "the store did not answer a probe within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = "UNKNOWN";
      details.put("error", "interrupted while probing");
    }
    details.put("type", tier.type());
    details.put("store", tier.store().toString());
    if (cache != null) {
      CacheStats stats = cache.stats();
      details.put("errors", EndpointSummary.perTier(stats.tierErrors(), index));
    }
    return new Answer(status, details);
  }

  /** The probe still running, or a new one. */
  private synchronized CompletableFuture<?> running() {
    if (probe.isDone()) {
      try {
        probe = CompletableFuture.runAsync(() -> {
          try {
            tier.store().stat(PROBE_KEY);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, executor);
      } catch (RejectedExecutionException e) { // the probes were closed with the context
        probe = CompletableFuture.failedFuture(e);
      }
    }
    return probe;
  }
}
