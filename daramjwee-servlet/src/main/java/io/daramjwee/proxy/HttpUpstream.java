package io.daramjwee.proxy;

import io.daramjwee.Fetcher;
import io.daramjwee.http.Headers;
import io.daramjwee.http.HopByHop;
import io.daramjwee.http.RouteRules;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Upstream} on Apache HttpClient 5's classic (blocking) API: one pooled client per
 * upstream, configured to be a transparent hop. It follows no redirect (a 3xx is the caller's
 * answer), decompresses nothing (stored bytes keep the upstream's {@code Content-Encoding} and a
 * later client gets exactly those), keeps no cookies, answers no authentication challenge,
 * caches no credentials. It retries once, and only what is safe to replay: an idempotent request
 * whose body (if any) can be sent again, failed by an I/O error before any response came, the
 * kind a pooled connection the upstream closed at the wrong moment gives; never a timeout, a
 * refused connection, or any response (a 503 is the caller's answer). The
 * request target is the origin's path prefix followed by the client's path and query exactly as
 * sent: no {@code URI} is built from them, so nothing is decoded or encoded again.
 *
 * <p>Thread-safe: the client and its pool are, and every field is final.
 */
final class HttpUpstream implements Upstream {

  private static final Logger log = LoggerFactory.getLogger(HttpUpstream.class);

  /**
   * Idle pooled connections are checked before reuse once they have rested this long, so a
   * connection the upstream closed meanwhile is rarely tried at all; the one retry covers the
   * race that remains.
   */
  private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

  private final String name;
  private final HttpHost target;
  private final String pathPrefix;
  private final String userAgent;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final CloseableHttpClient client;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpUpstream(UpstreamSettings settings) {
    URI origin = settings.origin();
    String scheme = origin.getScheme().toLowerCase(Locale.ROOT);
    String path = origin.getRawPath() == null ? "" : origin.getRawPath();
    this.pathPrefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.target = new HttpHost(scheme, origin.getHost(), origin.getPort());
    this.name = scheme + "://" + origin.getRawAuthority() + pathPrefix;
    this.userAgent = settings.userAgent();
    this.connectTimeout = settings.connectTimeout();
    this.responseTimeout = settings.responseTimeout();
    Timeout response = timeout(responseTimeout);
    ConnectionConfig connections = ConnectionConfig.custom()
        .setConnectTimeout(timeout(connectTimeout))
        .setSocketTimeout(response)
        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
        .build();
    RequestConfig requests = RequestConfig.custom()
        .setResponseTimeout(response)
        // A request waiting for a pooled connection waits on the upstream's slowness: bounded
        // like an answer, and reported like one (504).
        .setConnectionRequestTimeout(response)
        .setRedirectsEnabled(false)
        .setContentCompressionEnabled(false)
        .setAuthenticationEnabled(false)
        .setExpectContinueEnabled(false)
        .setProtocolUpgradeEnabled(false)
        .build();
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(settings.maxConnections())
            .setMaxConnPerRoute(settings.maxConnections())
            .setDefaultConnectionConfig(connections)
            .build())
        .setDefaultRequestConfig(requests)
        .disableRedirectHandling()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .setRetryStrategy(new OnceOnLostConnection())
        .setUserAgent(userAgent)
        .build();
  }

  /**
   * One retry of an idempotent request after an I/O error other than a timeout or a refused
   * connection (HttpClient's own rules for which errors and methods qualify, and it never replays
   * a body it cannot repeat); no retry on any response.
   */
  private static final class OnceOnLostConnection extends DefaultHttpRequestRetryStrategy {
    OnceOnLostConnection() {
      super(1, TimeValue.ZERO_MILLISECONDS);
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
      return false;
    }
  }

  /** Called by {@link Upstream.Builder#build()}, so the builder never names this class's types. */
  static Upstream create(UpstreamSettings settings) {
    return new HttpUpstream(settings);
  }

  @Override
  public Fetcher fetcher(RouteRules rules, UpstreamRequest request) {
    return new UpstreamFetcher(this, rules, request);
  }

  @Override
  public UpstreamResponse exchange(UpstreamRequest request, InputStream body, long contentLength)
      throws IOException {
    Objects.requireNonNull(request, "request");
    if (contentLength < -1) {
      throw new IllegalArgumentException("contentLength must be -1 or more: " + contentLength);
    }
    return send(request.method(), request.pathAndQuery(), ForwardedHeaders.forExchange(request),
        body, contentLength);
  }

  /** The {@code User-Agent} of cache fetches. */
  String userAgent() {
    return userAgent;
  }

  /**
   * Sends one request with exactly {@code headers} (HttpClient adds {@code Host}, the framing of
   * {@code body}, and {@code User-Agent} when absent) and returns the response once its head
   * arrived.
   *
   * @throws UpstreamException when the upstream cannot be reached or does not answer in time
   * @throws IOException when reading {@code body} fails: the client's failure, reported as is
   */
  UpstreamResponse send(String method, String pathAndQuery, Headers headers, InputStream body,
      long contentLength) throws IOException {
    if (closed.get()) {
      throw new IllegalStateException("upstream " + name + " is closed");
    }
    String what = describe(method, pathAndQuery);
    BasicClassicHttpRequest request =
        new BasicClassicHttpRequest(method, target, pathPrefix + pathAndQuery);
    for (Headers.Field f : headers.fields()) {
      request.addHeader(f.name(), f.value());
    }
    ClientBody clientBody = null;
    if (body != null) {
      clientBody = new ClientBody(body);
      // Content type null: the client's Content-Type travels among the headers.
      request.setEntity(new InputStreamEntity(clientBody, contentLength, null));
    }
    ClassicHttpResponse response;
    try {
      response = client.executeOpen(target, request, null);
    } catch (IOException e) {
      if (clientBody != null && clientBody.failure != null) {
        throw clientBody.failure;
      }
      UpstreamException failure = failure(what, e);
      log.debug("{}", failure.getMessage());
      throw failure;
    }
    Headers.Builder fields = Headers.builder();
    for (Header h : response.getHeaders()) {
      fields.add(h.getName(), h.getValue() == null ? "" : h.getValue());
    }
    int status = response.getCode();
    log.debug("upstream {} answered {} for {}", name, status, what);
    return new UpstreamResponse(status, HopByHop.strip(fields.build()),
        ResponseBody.of(response, e -> bodyFailure(what, e)));
  }

  /** {@code upstream <origin>}, for messages. */
  String name() {
    return name;
  }

  /** Method and path for messages; the query stays out, as it may hold a token. */
  static String describe(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return method + " " + (q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
  }

  private UpstreamException failure(String what, IOException e) {
    if (e instanceof UpstreamException u) {
      return u;
    }
    // ConnectTimeoutException is a SocketTimeoutException: test it first.
    if (e instanceof ConnectTimeoutException) {
      return new UpstreamException(502, "upstream " + name + " accepted no connection within "
          + connectTimeout + " for " + what, e);
    }
    if (e instanceof ConnectionRequestTimeoutException) {
      return new UpstreamException(504, "no pooled connection to upstream " + name
          + " came free within " + responseTimeout + " for " + what, e);
    }
    if (e instanceof SocketTimeoutException) {
      return new UpstreamException(504, "upstream " + name + " did not answer " + what
          + " within " + responseTimeout, e);
    }
    if (e instanceof UnknownHostException) {
      return new UpstreamException(502, "upstream " + name + " has an unknown host (" + what
          + ")", e);
    }
    if (e instanceof ConnectException) {
      return new UpstreamException(502, "upstream " + name + " refused the connection for "
          + what, e);
    }
    if (e instanceof NoHttpResponseException) {
      return new UpstreamException(502, "upstream " + name + " closed the connection without "
          + "answering " + what, e);
    }
    return new UpstreamException(502, "upstream " + name + " failed for " + what + ": "
        + e.getClass().getSimpleName(), e);
  }

  private UpstreamException bodyFailure(String what, IOException e) {
    if (e instanceof SocketTimeoutException) {
      return new UpstreamException(504, "upstream " + name + " sent nothing for "
          + responseTimeout + " in the body of " + what, e);
    }
    return new UpstreamException(502, "upstream " + name + " broke off the body of " + what + ": "
        + e.getClass().getSimpleName(), e);
  }

  /** Whole milliseconds, rounded up: HttpClient reads a zero timeout as "wait forever". */
  private static Timeout timeout(Duration d) {
    long millis;
    try {
      millis = d.plusNanos(999_999).toMillis();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE;
    }
    return Timeout.ofMilliseconds(Math.max(1, millis));
  }

  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      client.close(); // closes the pool too, which this client owns
    }
  }

  @Override
  public String toString() {
    return "Upstream{" + name + "}";
  }

  /**
   * The client's request body, remembering its read failure so that a client that went away is
   * not reported as an upstream failure. Used by the one thread that sends the request.
   */
  private static final class ClientBody extends FilterInputStream {
    IOException failure;

    ClientBody(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
