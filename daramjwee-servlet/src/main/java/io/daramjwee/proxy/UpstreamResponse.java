package io.daramjwee.proxy;

import io.daramjwee.http.Headers;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A response from {@link Upstream#exchange}: status, end-to-end header fields (hop-by-hop ones
 * removed) and the body, which streams from the connection.
 *
 * <p>Close it when done. After the body was read to its end, that returns the connection to the
 * pool; before, it discards the connection instead of reading the rest, so abandoning a large
 * body is cheap. Closing is idempotent and may come from another thread than the reader's; reads
 * are not thread-safe.
 */
public final class UpstreamResponse implements Closeable {

  private final int status;
  private final Headers headers;
  private final InputStream body;

  UpstreamResponse(int status, Headers headers, InputStream body) {
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = Objects.requireNonNull(body, "body");
  }

  public int status() {
    return status;
  }

  /** The response's header fields in order, without hop-by-hop ones. */
  public Headers headers() {
    return headers;
  }

  /** The body; empty when the response has none. Closing it closes this response. */
  public InputStream body() {
    return body;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  @Override
  public String toString() {
    return "UpstreamResponse{" + status + "}";
  }
}
