package io.daramjwee.spring;

import java.time.Duration;

/**
 * The HTTP client of proxy routes. Bound from {@code daramjwee.upstream} as part of
 * {@link DaramjweeProperties}; mutable for the binder, and only read once bound.
 */
public class UpstreamProperties {

  /** How long connecting to an upstream may take. */
  private Duration connectTimeout = Duration.ofSeconds(2);

  /** How long an upstream may take to answer, and between reads of its body. */
  private Duration responseTimeout = Duration.ofSeconds(30);

  /** How many connections each upstream may have open at once. */
  private int maxConnections = 100;

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getResponseTimeout() {
    return responseTimeout;
  }

  public void setResponseTimeout(Duration responseTimeout) {
    this.responseTimeout = responseTimeout;
  }

  public int getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }
}
