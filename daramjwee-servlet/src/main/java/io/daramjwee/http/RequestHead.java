package io.daramjwee.http;

import java.util.Objects;

/**
 * What the cache needs of a request, with no servlet types: method, decoded path, the raw query
 * string (or {@code null}) and the header fields. Immutable and thread-safe.
 */
public record RequestHead(String method, String path, String rawQuery, Headers headers) {

  public RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
  }

  /** A GET of {@code path} and {@code rawQuery} with {@code headers}. */
  public static RequestHead get(String path, String rawQuery, Headers headers) {
    return new RequestHead("GET", path, rawQuery, headers);
  }
}
