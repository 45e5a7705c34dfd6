package io.daramjwee.http;

import java.util.Objects;

/** A response's status and header fields, with no servlet types. Immutable and thread-safe. */
public record ResponseHead(int status, Headers headers) {

  public ResponseHead {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status must be a three-digit code: " + status);
    }
    Objects.requireNonNull(headers, "headers");
  }
}
