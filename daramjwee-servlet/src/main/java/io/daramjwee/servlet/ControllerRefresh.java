package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;

/**
 * The refresher a controller route hands the cache for a stale hit. Built on every request from a
 * few strings, and turned into a {@link LoopbackFetcher} only if a refresh actually runs, so a hit
 * pays next to nothing. Captures no servlet object: the refresh runs on a worker after the request
 * is gone. Immutable; thread-safe.
 */
final class ControllerRefresh implements Fetcher {

  private final FilterSettings settings;
  private final Route route;
  private final RequestHead head;
  private final KeyedRequest keyed;
  private final String base; // scheme://host:port + context path
  private final String pathAndQuery; // as the client sent it, still encoded

  private ControllerRefresh(FilterSettings settings, Route route, RequestHead head,
      KeyedRequest keyed, String base, String pathAndQuery) {
    this.settings = settings;
    this.route = route;
    this.head = head;
    this.keyed = keyed;
    this.base = base;
    this.pathAndQuery = pathAndQuery;
  }

  static ControllerRefresh of(FilterSettings settings, Route route, HttpServletRequest request,
      RequestHead head, KeyedRequest keyed) {
    String context = request.getContextPath();
    String base = settings.refreshBaseUrl != null
        ? trimSlash(settings.refreshBaseUrl.toString())
        : "http://127.0.0.1:" + request.getLocalPort() + context;
    String uri = request.getRequestURI();
    String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
    String query = request.getQueryString();
    return new ControllerRefresh(settings, route, head, keyed, base,
        query == null ? path : path + "?" + query);
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    Headers.Builder varied = Headers.builder();
    for (String name : keyed.keyedNames()) {
      for (String value : head.headers().all(name)) {
        varied.add(name, value);
      }
    }
    URI target;
    try {
      target = URI.create(base + pathAndQuery);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot refresh " + pathAndQuery + ": " + e.getMessage(), e);
    }
    RequestHead cacheRequest = RequestHead.get(head.path(), head.rawQuery(), varied.build());
    Fetcher loopback = new LoopbackFetcher(settings.refreshClient(), target, varied.build(),
        route.rules(), cacheRequest, settings.refreshToken.value(), settings.refreshTimeout);
    return new GuardedFetcher(loopback, settings.varyIndex, keyed.baseKey(), keyed.keyedNames())
        .fetch(previous);
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
