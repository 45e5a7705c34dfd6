package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;

/**
 * The refresher a controller route hands the cache for a stale hit. Built on every request from a
 * few strings the request already holds, and turned into a {@link LoopbackFetcher} only if a
 * refresh actually runs, so a hit pays next to nothing. Captures no servlet object: the refresh
 * runs on a worker after the request is gone. What it asks for depends only on what the key
 * holds: the decoded path, the canonical query, the authority and the varied headers.
 * Immutable; thread-safe.
 */
final class ControllerRefresh implements Fetcher {

  private final FilterSettings settings;
  private final Route route;
  private final RequestHead head;
  private final KeyedRequest keyed;
  private final String scheme;
  private final int localPort;
  private final String contextPath;
  private final String host;

  private ControllerRefresh(FilterSettings settings, Route route, RequestHead head,
      KeyedRequest keyed, String scheme, int localPort, String contextPath, String host) {
    this.settings = settings;
    this.route = route;
    this.head = head;
    this.keyed = keyed;
    this.scheme = scheme;
    this.localPort = localPort;
    this.contextPath = contextPath;
    this.host = host;
  }

  static ControllerRefresh of(FilterSettings settings, Route route, HttpServletRequest request,
      RequestHead head, KeyedRequest keyed) {
    String host = request.getHeader("Host");
    return new ControllerRefresh(settings, route, head, keyed, request.getScheme(),
        request.getLocalPort(), request.getContextPath(),
        host != null ? host : request.getServerName() + ":" + request.getServerPort());
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    Headers.Builder varied = Headers.builder();
    for (String name : keyed.keyedNames()) {
      for (String value : head.headers().all(name)) {
        varied.add(name, value);
      }
    }
    Headers keyedHeaders = varied.build();
    String query = CacheKeys.canonicalQuery(head.rawQuery(), route.queryInclude,
        route.queryExclude);
    String pathAndQuery = Requests.encodePath(head.path()) + (query.isEmpty() ? "" : "?" + query);
    URI base = settings.refreshBaseUrl != null ? settings.refreshBaseUrl
        : URI.create(scheme + "://127.0.0.1:" + localPort + Requests.encodePath(contextPath));
    RequestHead cacheRequest = RequestHead.get(head.path(), head.rawQuery(), keyedHeaders);
    Fetcher loopback = new LoopbackFetcher(base, pathAndQuery, host, keyedHeaders,
        route.rules(), cacheRequest, settings.refreshToken.value(), settings.refreshTimeout);
    return new GuardedFetcher(loopback, settings.varyIndex, keyed.baseKey(), keyed.keyedNames())
        .fetch(previous);
  }
}
