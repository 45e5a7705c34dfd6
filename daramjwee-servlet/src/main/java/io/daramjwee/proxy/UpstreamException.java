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
  private final int upstreamStatus;

  /**
   * @throws IllegalArgumentException when {@code gatewayStatus} is not 502 or 504
   */
  public UpstreamException(int gatewayStatus, String message) {
    this(gatewayStatus, message, null);
  }

  /**
   * The upstream answered {@code upstreamStatus}, a server error.
   *
   * @throws IllegalArgumentException when {@code gatewayStatus} is not 502 or 504, or
   *     {@code upstreamStatus} is not a 5xx
   */
  public UpstreamException(int gatewayStatus, int upstreamStatus, String message) {
    super(message);
    checkGateway(gatewayStatus);
    if (upstreamStatus < 500 || upstreamStatus > 599) {
      throw new IllegalArgumentException("upstreamStatus must be a 5xx: " + upstreamStatus);
    }
    this.gatewayStatus = gatewayStatus;
    this.upstreamStatus = upstreamStatus;
  }

  /**
   * @throws IllegalArgumentException when {@code gatewayStatus} is not 502 or 504
   */
  public UpstreamException(int gatewayStatus, String message, Throwable cause) {
    super(message, cause);
    checkGateway(gatewayStatus);
    this.gatewayStatus = gatewayStatus;
    this.upstreamStatus = 0;
  }

  private static void checkGateway(int gatewayStatus) {
    if (gatewayStatus != 502 && gatewayStatus != 504) {
      throw new IllegalArgumentException("gatewayStatus must be 502 or 504: " + gatewayStatus);
    }
  }

  /** The server error the upstream answered, or 0 when it gave no answer at all. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** 502 (Bad Gateway) or 504 (Gateway Timeout). */
  public int gatewayStatus() {
    return gatewayStatus;
  }
}
