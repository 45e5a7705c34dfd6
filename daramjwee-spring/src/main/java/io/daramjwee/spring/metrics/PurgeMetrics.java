package io.daramjwee.spring.metrics;

import io.daramjwee.purge.PurgeLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The purge marks as meters, read from the {@link PurgeLog} when published:
 * {@code daramjwee.purge.marks} (kept), {@code daramjwee.purge.pending} (not yet confirmed by the
 * cluster's shared log), {@code daramjwee.purge.connected} and {@code daramjwee.purge.reconciled}
 * (1 or 0), and {@code daramjwee.purge.failures} by {@code kind} ({@code journal}, {@code publish}).
 * Thread-safe.
 */
final class PurgeMetrics implements MeterBinder {

  private final PurgeLog log;

  PurgeMetrics(PurgeLog log) {
    this.log = log;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("daramjwee.purge.marks", log, PurgeLog::marks)
        .description("Purge marks kept: each until no entry it covers could still be served")
        .register(registry);
    Gauge.builder("daramjwee.purge.pending", log, PurgeLog::pending)
        .description("Purge marks the cluster's shared log has not confirmed yet")
        .register(registry);
    Gauge.builder("daramjwee.purge.connected", log, l -> l.connected() ? 1 : 0)
        .description("1 while purges reach the other instances (always 1 without cluster mode)")
        .register(registry);
    Gauge.builder("daramjwee.purge.reconciled", log, l -> l.reconciled() ? 1 : 0)
        .description("1 once the instance caught up with the cluster's purges (alone: read its"
            + " journal); until then tiers that outlive the process are not served")
        .register(registry);
    FunctionCounter.builder("daramjwee.purge.failures", log, PurgeLog::journalFailures)
        .tag("kind", "journal")
        .description("Purge journal reads, writes and compactions that failed")
        .register(registry);
    FunctionCounter.builder("daramjwee.purge.failures", log, PurgeLog::publishFailures)
        .tag("kind", "publish")
        .description("Publishes of purge marks to the cluster that failed (each is retried)")
        .register(registry);
  }
}
