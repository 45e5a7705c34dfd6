package io.daramjwee.proxy;

import io.daramjwee.http.Headers;
import java.util.Objects;

/**
 * A client's request as the proxy forwards it. Immutable and thread-safe.
 *
 * @param method the request method, an HTTP token such as {@code GET}
 * @param pathAndQuery the request target as the client sent it, still percent-encoded: a path
 *     starting with {@code /} and an optional {@code ?query}; forwarded byte for byte
 * @param headers the client's request header fields; the proxy picks what it forwards
 * @param clientAddress the client's IP address, sent as {@code X-Forwarded-For}
 * @param proto {@code http} or {@code https}, as the client reached us; sent as
 *     {@code X-Forwarded-Proto}
 * @param host the client's {@code Host}, sent as {@code X-Forwarded-Host} on pass-through
 *     requests only
 */
public record UpstreamRequest(String method, String pathAndQuery, Headers headers,
    String clientAddress, String proto, String host) {

  public UpstreamRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(proto, "proto");
    Objects.requireNonNull(host, "host");
    if (method.isEmpty() || !method.chars().allMatch(UpstreamRequest::isTokenChar)) {
      throw new IllegalArgumentException("method must be an HTTP token: '" + method + "'");
    }
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("pathAndQuery must start with '/': '" + pathAndQuery
          + "'");
    }
    // A space or a line break would end the request line early: reject, never re-encode.
    if (pathAndQuery.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "pathAndQuery must not hold spaces or control characters: '" + pathAndQuery + "'");
    }
  }

  /** RFC 9110 §5.6.2. */
  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
