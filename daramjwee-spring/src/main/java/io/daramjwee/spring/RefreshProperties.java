package io.daramjwee.spring;

import java.net.URI;
import java.time.Duration;

/**
 * Refreshes of controller routes, which run the controller again over a loopback request. Bound
 * from {@code daramjwee.refresh} as part of {@link DaramjweeProperties}; mutable for the binder,
 * and only read once bound.
 */
public class RefreshProperties {

  /**
   * The application's own base URL for refresh requests, reached over loopback; unset uses the
   * port each request arrived on at 127.0.0.1.
   */
  private URI baseUrl;

  /** How long a refresh waits to connect, and for each read. */
  private Duration timeout = Duration.ofSeconds(30);

  public URI getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}
