package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.Headers;
import io.daramjwee.http.OriginResults;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.StoragePolicy;
import io.daramjwee.http.Validators;
import io.daramjwee.internal.LimitedInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * Refreshes a controller route's entry from a worker thread by asking the application itself: a
 * GET to its own port carrying the {@link RefreshToken}, which the filter lets through to the
 * controller uncached. It carries the original {@code Host} (so the controller renders the same
 * links it rendered for clients: the key includes the authority) and the values of the headers the
 * key varies on, so it renders the same variant; nothing else of the request that scheduled it.
 *
 * <p>It speaks HTTP/1.0 over a plain socket: the JDK's clients refuse to set {@code Host}, and an
 * HTTP/1.0 answer is never chunked, so its body is simply the rest of the connection (or its
 * {@code Content-Length}), streamed, never held. The entry's validators go along
 * ({@link Validators}: {@code If-None-Match} from its {@code ETag}, {@code If-Modified-Since}
 * from its {@code Last-Modified}, RFC 9111 §4.3.1), so a handler that finds them current answers 304 and
 * the entry is renewed without its body crossing the socket. An answer whose status the cache
 * would not store ({@link StoragePolicy} says {@code STATUS}: a 401 from a security filter, a
 * redirect to https), a 5xx, or a session cookie is a failed refresh, not a reason to drop the
 * entry: only a response that says {@code no-store} or {@code private} replaces it with nothing.
 * Immutable; thread-safe.
 */
final class LoopbackFetcher implements Fetcher {

  private static final int MAX_HEAD = 64 * 1024;

  /**
   * Where the refresh goes: the application's {@code base} URL (scheme, host, port and context
   * path), the encoded path and query inside it, and the {@code Host} the clients used.
   * Immutable.
   */
  record Target(URI base, String pathAndQuery, String host) {}

  private final URI base;
  private final String pathAndQuery;
  private final String host;
  private final Headers keyed;
  private final RouteRules rules;
  private final RequestHead cacheRequest;
  private final String token;
  private final Duration timeout;

  /**
   * @param cacheRequest the GET the entry answers, whose header fields (the varied ones) the
   *     refresh sends
   */
  LoopbackFetcher(Target target, RouteRules rules, RequestHead cacheRequest,
      ControllerRefresh.Setup setup) {
    this.base = target.base();
    this.pathAndQuery = target.pathAndQuery();
    this.host = target.host();
    this.keyed = cacheRequest.headers();
    this.rules = rules;
    this.cacheRequest = cacheRequest;
    this.token = setup.token().value();
    this.timeout = setup.timeout();
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    boolean tls = "https".equals(base.getScheme());
    int port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
    Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
    boolean handedOver = false;
    try {
      int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      socket.connect(new InetSocketAddress(base.getHost(), port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(requestHead(previous).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      ResponseHead head = readHead(in);
      int status = head.status();
      if (status >= 500 || status != 304 && StoragePolicy.decide(rules, cacheRequest, head)
          .reason() == StoragePolicy.Reason.STATUS || head.headers().contains("Set-Cookie")) {
        throw new IOException("refresh of " + cacheRequest.path() + ": the application answered "
            + status + (head.headers().contains("Set-Cookie") ? " with a cookie" : "")
            + "; the entry is kept");
      }
      long length = contentLength(head.headers());
      FetchResult result = OriginResults.of(rules, cacheRequest, head,
          new SocketBody(in, socket, length), previous);
      handedOver = result.body() != null;
      return result;
    } finally {
      if (!handedOver) {
        socket.close();
      }
    }
  }

  private String requestHead(Metadata previous) throws IOException {
    StringBuilder head = new StringBuilder(256);
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    head.append("GET ").append(path).append(pathAndQuery).append(" HTTP/1.0\r\n");
    field(head, "Host", host);
    field(head, RefreshToken.HEADER, token);
    for (Headers.Field f : keyed.fields()) {
      if (!f.name().equalsIgnoreCase("Host")) {
        field(head, f.name(), f.value());
      }
    }
    // RFC 9111 §4.3.1: validate with every validator the stored response has; a handler that
    // finds them current answers 304 (Spring MVC does for ResponseEntity.eTag/lastModified), and
    // OriginResults renews the entry with the 304's fields (§4.3.4).
    String etag = previous == null ? null : Validators.ifNoneMatch(previous);
    if (etag != null) {
      field(head, "If-None-Match", etag);
    }
    String lastModified = previous == null ? null : Validators.ifModifiedSince(previous);
    if (lastModified != null) {
      field(head, "If-Modified-Since", lastModified);
    }
    field(head, "Connection", "close");
    return head.append("\r\n").toString();
  }

  private static void field(StringBuilder head, String name, String value) throws IOException {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IOException("header " + name + " holds a line break");
    }
    head.append(name).append(": ").append(value).append("\r\n");
  }

  private ResponseHead readHead(InputStream in) throws IOException {
    int[] budget = {MAX_HEAD};
    String statusLine = readLine(in, budget);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("refresh of " + cacheRequest.path() + ": not an HTTP response");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("refresh of " + cacheRequest.path() + ": bad status line", e);
    }
    Headers.Builder headers = Headers.builder();
    for (String line; !(line = readLine(in, budget)).isEmpty(); ) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return new ResponseHead(status, headers.build());
  }

  /** One line of the head without its CRLF; {@code budget[0]} bounds the whole head's bytes. */
  private String readLine(InputStream in, int[] budget) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("refresh of " + cacheRequest.path() + ": connection closed");
      }
      if (--budget[0] < 0) {
        throw new IOException("refresh of " + cacheRequest.path() + ": response head too long");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static long contentLength(Headers headers) {
    String value = headers.first("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The rest of the response: to its Content-Length, else to the end of the connection. */
  private static final class SocketBody extends FilterInputStream {
    private final Socket socket;

    SocketBody(InputStream in, Socket socket, long length) {
      super(new LimitedInputStream(in, length < 0 ? Long.MAX_VALUE : length));
      this.socket = socket;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Override
  public String toString() {
    return "LoopbackFetcher{" + cacheRequest.path() + "}";
  }
}
