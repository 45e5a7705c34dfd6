package io.daramjwee.spring.actuate;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of one tier on Spring Boot 3.5: what its {@link TierProbe} found, as a {@link Health}
 * of status {@code UP}, {@link #DEGRADED} or {@code UNKNOWN}, with the probe's details.
 * Thread-safe.
 */
final class TierHealthIndicator implements HealthIndicator {

  /** A tier that fails: the cache works around it, more slowly or with more origin traffic. */
  static final Status DEGRADED = new Status(TierProbe.DEGRADED, TierProbe.DEGRADED_DESCRIPTION);

  private final TierProbe probe;

  TierHealthIndicator(TierProbe probe) {
    this.probe = probe;
  }

  @Override
  public Health health() {
    TierProbe.Answer answer = probe.check();
    Status status = switch (answer.status()) {
      case "UP" -> Status.UP;
      case TierProbe.DEGRADED -> DEGRADED;
      default -> Status.UNKNOWN;
    };
    return Health.status(status).withDetails(answer.details()).build();
  }
}
