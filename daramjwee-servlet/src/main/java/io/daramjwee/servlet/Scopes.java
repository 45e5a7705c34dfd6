package io.daramjwee.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * The scope of a controller route's keys: the route id and the request's authority
 * ({@link Requests#authority}), as {@link KeyedRequest#of} joins them. The last one made is
 * remembered with what it was made from, so the requests of a server that answers under one
 * authority build no strings for it. Thread-safe: the remembered entry is immutable and replaced
 * whole.
 */
final class Scopes {

  private volatile Entry last;

  /** {@code route.id() + " " + Requests.authority(request)}. */
  String of(Route route, HttpServletRequest request) {
    String scheme = request.getScheme();
    String host = request.getServerName();
    int port = request.getServerPort();
    Entry e = last;
    if (e != null && e.route == route && e.port == port && Objects.equals(e.scheme, scheme)
        && Objects.equals(e.host, host)) {
      return e.scope;
    }
    String scope = route.id() + " " + scheme + "://" + host + ":" + port;
    last = new Entry(route, scheme, host, port, scope);
    return scope;
  }

  private record Entry(Route route, String scheme, String host, int port, String scope) {}
}
