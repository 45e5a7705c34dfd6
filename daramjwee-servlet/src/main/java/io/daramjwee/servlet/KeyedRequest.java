package io.daramjwee.servlet;

import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.RequestHead;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's cache key, and what it was built from: the key of the route's own vary list
 * ({@code baseKey}, under which {@link VaryIndex} learns more names) and every header name the
 * final key includes. Immutable.
 */
record KeyedRequest(String key, String baseKey, List<String> keyedNames) {

  /**
   * The key of {@code head} on {@code route}. {@code authority} (scheme, host and port, see
   * {@link Requests#authority}) joins the key of controller routes; {@code null} leaves it out.
   * A route that lets {@code Authorization} through varies on it, so one user's answer is never
   * another's.
   */
  static KeyedRequest of(Route route, RequestHead head, VaryIndex varyIndex, String authority) {
    List<String> vary = route.varyNames;
    String id = authority == null ? route.id() : route.id() + " " + authority;
    String baseKey = CacheKeys.key(id, head, vary, List.of(), route.queryInclude,
        route.queryExclude);
    List<String> learned = varyIndex.names(baseKey);
    if (learned.isEmpty()) {
      return new KeyedRequest(baseKey, baseKey, vary);
    }
    List<String> names = new ArrayList<>(vary);
    names.addAll(learned);
    return new KeyedRequest(CacheKeys.key(id, head, vary, learned, route.queryInclude,
        route.queryExclude), baseKey, names);
  }
}
