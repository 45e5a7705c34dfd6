package io.daramjwee.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The per-process secret that lets the filter's own background refresh through to the controller
 * uncached: a loopback request carrying it in {@link #HEADER} runs the filter chain as is. It is
 * accepted only from a loopback address and compared in constant time, so it can neither be
 * guessed remotely nor timed. Immutable and thread-safe.
 */
final class RefreshToken {

  static final String HEADER = "X-Daramjwee-Refresh";

  private final String value;
  private final byte[] bytes;

  RefreshToken() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.value = HexFormat.of().formatHex(random);
    this.bytes = value.getBytes(StandardCharsets.US_ASCII);
  }

  String value() {
    return value;
  }

  /** Whether {@code request} is this process's own refresh. */
  boolean presentedBy(HttpServletRequest request) {
    String presented = request.getHeader(HEADER);
    return presented != null
        && MessageDigest.isEqual(bytes, presented.getBytes(StandardCharsets.US_ASCII))
        && Requests.fromLoopback(request)
        // Behind a reverse proxy on the same host every request comes from loopback; a request
        // that went through one is never our own refresh.
        && request.getHeader("Forwarded") == null && request.getHeader("X-Forwarded-For") == null;
  }

  @Override
  public String toString() {
    return "RefreshToken{<secret>}";
  }
}
