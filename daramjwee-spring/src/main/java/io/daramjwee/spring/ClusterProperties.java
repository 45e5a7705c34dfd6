package io.daramjwee.spring;

import java.time.Duration;

/**
 * Cluster mode ({@code daramjwee.cluster}): the application's instances share their purges over
 * the Redis server of Spring Boot's {@code spring.data.redis.*}, and stamp entries and purges on
 * one clock taken from that server. Mutable for the binder, and only read once bound.
 */
public class ClusterProperties {

  /**
   * Whether purges reach every instance: each one is recorded in a Redis stream that every
   * instance reads, and an instance serves from tiers that outlive it only once it caught up.
   */
  private boolean enabled = false;

  /** What the Redis keys of the shared purge log start with; instances of one cluster share it. */
  private String keyPrefix = "daramjwee:";

  /** How long one Redis command of the purge log may take. */
  private Duration commandTimeout = Duration.ofSeconds(2);

  /** How often the instance measures its clock against the Redis server's again. */
  private Duration clockResample = Duration.ofSeconds(30);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public Duration getClockResample() {
    return clockResample;
  }

  public void setClockResample(Duration clockResample) {
    this.clockResample = clockResample;
  }
}
