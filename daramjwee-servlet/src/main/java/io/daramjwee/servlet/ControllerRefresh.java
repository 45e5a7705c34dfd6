package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.VariantSelector;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The refresher a controller route's stale entry is refreshed with: made from a few strings of the
 * request that scheduled the refresh ({@link Deferred#detached}), and turned into a
 * {@link LoopbackFetcher} only when the refresh runs. Captures no servlet object (nor the
 * {@link Exchange} that holds them): the refresh runs on a worker after the request is gone. What
 * it asks for depends only on what the key holds: the decoded path, the canonical query, the
 * authority and the varied headers. Immutable; thread-safe.
 */
final class ControllerRefresh implements Fetcher {

  /**
   * What every refresh of one filter shares, made once: where the loopback request goes
   * ({@code baseUrl}, or {@code null} for the request's own port on loopback), how long it
   * waits, the token that lets it through, and what tags the entry. Immutable and thread-safe.
   */
  record Setup(URI baseUrl, Duration timeout, RefreshToken token, EntryTagger tagger) {

    static Setup of(FilterSettings settings, FilterState state, EntryTagger tagger) {
      return new Setup(settings.refreshBaseUrl(), settings.refreshTimeout(),
          state.refreshToken(), tagger);
    }
  }

  private final Setup setup;
  private final Route route;
  private final RequestHead head;
  private final KeyedRequest keyed;
  private final String scheme;
  private final int localPort;
  private final String contextPath;
  private final String host;

  /**
   * What a lookup hands the cache for the keyed {@code exchange}: nothing of the request is read
   * until a refresh is scheduled, on the request's thread ({@link Fetcher#detached}), so the hits
   * and misses that schedule none read nothing. It holds the exchange, which the cache keeps no
   * longer than the request: a refresh keeps what {@link #detached} returns.
   */
  static final class Deferred implements Fetcher {
    private final Setup setup;
    private final Exchange exchange;
    private final Route route;
    private final RequestHead head;
    private final KeyedRequest keyed;

    Deferred(Setup setup, Exchange exchange) {
      this.setup = setup;
      this.exchange = exchange;
      this.route = exchange.route(); // the key looked up now, even if the exchange is keyed again
      this.head = exchange.head();
      this.keyed = exchange.keyed();
    }

    @Override
    public Fetcher detached() {
      return new ControllerRefresh(setup, exchange.request(), route, head, keyed);
    }

    @Override
    public FetchResult fetch(Metadata previous) throws IOException {
      return detached().fetch(previous);
    }
  }

  /** The refresher of a request keyed {@code keyed}; reads only strings, joined if it runs. */
  private ControllerRefresh(Setup setup, HttpServletRequest request, Route route,
      RequestHead head, KeyedRequest keyed) {
    String hostField = request.getHeader("Host");
    this.setup = setup;
    this.route = route;
    this.head = head;
    this.keyed = keyed;
    this.scheme = request.getScheme();
    this.localPort = request.getLocalPort();
    this.contextPath = request.getContextPath();
    this.host = hostField != null ? hostField
        : request.getServerName() + ":" + request.getServerPort();
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    Headers.Builder varied = Headers.builder();
    for (String name : keyed.keyedNames()) {
      for (String value : head.headers().all(name)) {
        varied.add(name, value);
      }
    }
    if (previous != null) {
      // The entry may vary on fields this request's key left out (its Vary nominates them): the
      // request that refreshes it had the values the entry keeps, so send those again.
      Map<String, String> selected;
      try {
        selected = VariantSelector.values(previous);
      } catch (IllegalArgumentException e) {
        throw new IOException("the entry's variant selector is malformed", e);
      }
      if (selected == null) {
        throw new IOException("the entry varies on a credential, which it keeps only as a "
            + "digest: it is fetched again by the next request for it, not refreshed");
      }
      selected.forEach((name, value) -> {
        if (keyed.keyedNames().stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
          varied.add(name, value);
        }
      });
    }
    Headers keyedHeaders = varied.build();
    String query = CacheKeys.canonicalQuery(head.rawQuery(), route.queryInclude,
        route.queryExclude);
    String pathAndQuery = Requests.encodePath(head.path()) + (query.isEmpty() ? "" : "?" + query);
    URI base = setup.baseUrl() != null ? setup.baseUrl()
        : URI.create(scheme + "://127.0.0.1:" + localPort + Requests.encodePath(contextPath));
    RequestHead cacheRequest = RequestHead.get(head.path(), head.rawQuery(), keyedHeaders);
    Fetcher loopback = new LoopbackFetcher(new LoopbackFetcher.Target(base, pathAndQuery, host),
        route.rules(), cacheRequest, setup);
    Fetcher tagged = p -> setup.tagger().tagRefreshed(loopback.fetch(p), route, head.path());
    return new GuardedFetcher(tagged, keyedHeaders::all).fetch(previous);
  }
}
