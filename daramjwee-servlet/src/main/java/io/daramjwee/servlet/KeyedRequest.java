package io.daramjwee.servlet;

import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.RequestHead;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's cache key, and what it was built from: the scope (the route id, and the authority
 * on a controller route) and every header name the key includes. A resource's first key holds
 * only the route's vary names; a response's {@code Vary} leads a request that is not the stored
 * variant's to the key of its own variant ({@link #variant}). Immutable.
 */
record KeyedRequest(String key, String scope, List<String> keyedNames) {

  /**
   * The key of {@code head} on {@code route}. {@code authority} (scheme, host and port, see
   * {@link Requests#authority}) joins the key of controller routes; {@code null} leaves it out.
   * A route that lets {@code Authorization} through varies on it, so one user's answer is never
   * another's.
   */
  static KeyedRequest of(Route route, RequestHead head, String authority) {
    return inScope(authority == null ? route.id() : route.id() + " " + authority, route, head);
  }

  /**
   * The key of {@code head} on {@code route} in {@code scope}, as {@link #of} makes it (a
   * controller route's from {@link Scopes}).
   */
  static KeyedRequest inScope(String scope, Route route, RequestHead head) {
    return new KeyedRequest(CacheKeys.key(scope, head, route.varyNames, List.of(),
        route.queryInclude, route.queryExclude), scope, route.varyNames);
  }

  /**
   * The key of this request's own variant of a resource whose stored response nominates
   * {@code names} in its {@code Vary}: the route's vary names and those, with the values
   * {@code head} holds for them (it must hold every one).
   */
  KeyedRequest variant(Route route, RequestHead head, List<String> names) {
    List<String> all = new ArrayList<>(route.varyNames);
    for (String name : names) {
      if (all.stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
        all.add(name);
      }
    }
    return new KeyedRequest(CacheKeys.key(scope, head, route.varyNames, names,
        route.queryInclude, route.queryExclude), scope, List.copyOf(all));
  }
}
