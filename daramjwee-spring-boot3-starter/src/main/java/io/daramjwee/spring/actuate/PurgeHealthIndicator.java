package io.daramjwee.spring.actuate;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of the purge marks on Spring Boot 3.5: what the {@link PurgeProbe} found, as a
 * {@link Health} of status {@code UP} or {@link #DEGRADED}, never {@code DOWN}, with the probe's
 * details. Thread-safe.
 */
final class PurgeHealthIndicator implements HealthIndicator {

  /** Purge marks not all known or shared: the cache holds back what it cannot vouch for. */
  static final Status DEGRADED = new Status(TierProbe.DEGRADED, PurgeProbe.DEGRADED_DESCRIPTION);

  private final PurgeProbe probe;

  PurgeHealthIndicator(PurgeProbe probe) {
    this.probe = probe;
  }

  @Override
  public Health health() {
    PurgeProbe.Answer answer = probe.check();
    Status status = TierProbe.DEGRADED.equals(answer.status()) ? DEGRADED : Status.UP;
    return Health.status(status).withDetails(answer.details()).build();
  }
}
