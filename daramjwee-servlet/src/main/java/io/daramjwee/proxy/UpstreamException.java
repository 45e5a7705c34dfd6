package io.daramjwee.proxy;

import java.io.IOException;

/**
 * The upstream could not be reached, did not answer in time, or answered a cache fetch with a
 * server error. {@link #gatewayStatus()} is what a gateway answers its client instead: 502 Bad
 * Gateway, or 504 Gateway Timeout when the upstream was too slow. Messages name the upstream, the
 * request method and path and the cause, never a header value nor the query (either may carry a
 * credential). Immutable.
 */
public final class UpstreamException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int gatewayStatus;

  /**
   * @throws IllegalArgumentException when {@code gatewayStatus} is not 502 or 504
   */
  public UpstreamException(int gatewayStatus, String message) {
    this(gatewayStatus, message, null);
  }

  /**
   * @throws IllegalArgumentException when {@code gatewayStatus} is not 502 or 504
   */
  public UpstreamException(int gatewayStatus, String message, Throwable cause) {
    super(message, cause);
    if (gatewayStatus != 502 && gatewayStatus != 504) {
      throw new IllegalArgumentException("gatewayStatus must be 502 or 504: " + gatewayStatus);
    }
    this.gatewayStatus = gatewayStatus;
  }

  /** 502 (Bad Gateway) or 504 (Gateway Timeout). */
  public int gatewayStatus() {
    return gatewayStatus;
  }
}
