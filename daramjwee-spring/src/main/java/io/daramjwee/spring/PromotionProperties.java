package io.daramjwee.spring;

import java.time.Duration;

/**
 * Promotion of lower-tier hits into the tiers above. Bound from {@code daramjwee.promotion} as
 * part of {@link DaramjweeProperties}; mutable for the binder, and only read once bound.
 */
public class PromotionProperties {

  /**
   * How many hits within the probation window promote a lower-tier entry into the tiers above; 1
   * promotes on every hit, 2 keeps a one-off scan of the cold tier from flushing the hot tier.
   */
  private int probationHits = 2;

  /** How long after a lower-tier entry's first hit its later hits count towards promotion. */
  private Duration probationWindow = Duration.ofMinutes(1);

  public int getProbationHits() {
    return probationHits;
  }

  public void setProbationHits(int probationHits) {
    this.probationHits = probationHits;
  }

  public Duration getProbationWindow() {
    return probationWindow;
  }

  public void setProbationWindow(Duration probationWindow) {
    this.probationWindow = probationWindow;
  }
}
