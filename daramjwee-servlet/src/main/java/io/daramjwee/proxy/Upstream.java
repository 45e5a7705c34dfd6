package io.daramjwee.proxy;

import io.daramjwee.Fetcher;
import io.daramjwee.http.RouteRules;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An upstream origin that proxy routes read from: one pool of HTTP connections to one
 * {@code scheme://host[:port]}, optionally under a path prefix.
 *
 * <p>Two ways in. {@link #fetcher} is for the cache: a {@code GET} that forwards the client's
 * end-to-end header fields but those that are the client's own or known to poison a shared entry,
 * or only the keyed ones, as the route's {@link RouteRules#forwardHeaders()} says; made
 * conditional when revalidating, its outcome becomes a {@link io.daramjwee.FetchResult}. {@link #exchange} is a plain pass-through for
 * everything the cache does not handle (other methods, bypassed requests): any method, the
 * client's headers, the body streamed both ways, nothing cached.
 *
 * <p>Bodies are never buffered: they stream straight from the socket. Reading a response body to
 * its end returns the connection to the pool; closing it earlier discards the connection rather
 * than reading the rest. Failures to reach or hear from the upstream are
 * {@link UpstreamException}s carrying the status a gateway answers (502 or 504).
 *
 * <p>Implementations are thread-safe. This type and the other public types of this package name no
 * Apache HttpClient type, so code that merely refers to them loads without HttpClient on the class
 * path (it is an optional dependency); {@link Builder#build()} needs it.
 */
public interface Upstream extends Closeable {

  /**
   * A builder for the upstream at {@code origin}: {@code http} or {@code https}, a host, an
   * optional port and an optional path, which is prepended to every request's path (a trailing
   * {@code /} of it is dropped, so {@code http://h/api/} and {@code http://h/api} are the same).
   *
   * @throws IllegalArgumentException when {@code origin} has no scheme, a scheme other than
   *     {@code http} and {@code https}, no host, user information, a query or a fragment
   */
  static Builder builder(URI origin) {
    return new Builder(origin);
  }

  /**
   * A fetcher for the cache that {@code GET}s {@code request} from this upstream with the headers
   * {@code rules} allow, conditionally when given the entry to revalidate. It holds only immutable
   * values, so it may run later on another thread (a background refresh).
   *
   * <p>Outcomes: a 304 to a conditional fetch renews the entry; a 5xx, or a failure to connect or
   * to hear back in time, throws {@link UpstreamException}; any other status becomes a body to
   * store (negative for 404 and 410) or to serve once, as {@link io.daramjwee.http.StoragePolicy}
   * decides.
   */
  Fetcher fetcher(RouteRules rules, UpstreamRequest request);

  /**
   * Sends {@code request} upstream as it is, uncached, and returns the response whatever its
   * status. The caller must close the response.
   *
   * @param body the request body, streamed as it is read; {@code null} when there is none
   * @param contentLength the body's length, or -1 when unknown (it is then sent chunked)
   * @throws UpstreamException when the upstream cannot be reached or does not answer in time
   * @throws IOException when reading {@code body} fails
   */
  UpstreamResponse exchange(UpstreamRequest request, InputStream body, long contentLength)
      throws IOException;

  /** Closes the connection pool and the connections in it; idempotent. */
  @Override
  void close() throws IOException;

  /**
   * Configures an {@link Upstream}. Every setter checks its value at once and throws
   * {@link IllegalArgumentException} naming it. Not thread-safe.
   */
  final class Builder {
    private final URI origin;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration responseTimeout = Duration.ofSeconds(30);
    private int maxConnections = 100;
    private String userAgent = "daramjwee";

    private Builder(URI origin) {
      this.origin = checkOrigin(origin);
    }

    /** How long to wait for a TCP (and TLS) connection; default 2 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * How long to wait for the response head, and at most between two packets of a body; default
     * 30 s. Also how long a request waits for a pooled connection when all are busy.
     */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = positive("responseTimeout", timeout);
      return this;
    }

    /** How many connections may be open to the upstream at once; default 100. */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections <= 0) {
        throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * The {@code User-Agent} of cache fetches, and of pass-through requests whose client sent
     * none; default {@code daramjwee}.
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            "userAgent must be non-blank printable text: '" + userAgent + "'");
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * A new upstream with its own connection pool.
     *
     * @throws IllegalStateException when Apache HttpClient 5 is not on the class path
     */
    public Upstream build() {
      UpstreamSettings settings = new UpstreamSettings(origin, connectTimeout, responseTimeout,
          maxConnections, userAgent);
      try {
        return HttpUpstream.create(settings);
      } catch (NoClassDefFoundError e) {
        throw new IllegalStateException("an Upstream needs Apache HttpClient 5 on the class path "
            + "(org.apache.httpcomponents.client5:httpclient5)", e);
      }
    }

    private static URI checkOrigin(URI origin) {
      Objects.requireNonNull(origin, "origin");
      if (origin.getRawUserInfo() != null) {
        // The value is not echoed: user information is usually a password.
        throw new IllegalArgumentException("origin must not carry user information: "
            + origin.getScheme() + "://***@" + origin.getHost());
      }
      String scheme = origin.getScheme();
      if (scheme == null) {
        throw new IllegalArgumentException("origin must have a scheme (http or https): " + origin);
      }
      String lower = scheme.toLowerCase(Locale.ROOT);
      if (!lower.equals("http") && !lower.equals("https")) {
        throw new IllegalArgumentException("origin scheme must be http or https: " + origin);
      }
      if (origin.getHost() == null) {
        throw new IllegalArgumentException("origin must name a host: " + origin);
      }
      if (origin.getRawQuery() != null || origin.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "origin must not have a query or a fragment: " + origin);
      }
      return origin;
    }

    private static Duration positive(String setting, Duration d) {
      Objects.requireNonNull(d, setting);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(setting + " must be positive: " + d);
      }
      return d;
    }
  }
}
