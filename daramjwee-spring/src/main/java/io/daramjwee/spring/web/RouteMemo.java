package io.daramjwee.spring.web;

import io.daramjwee.servlet.Route;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * What {@link HandlerMatcher} found for a GET or a HEAD of one request URI (one path within the
 * application: the context path is fixed), so that a repeat skips the handler mappings. Only {@link MemoSafety} builds one, for handler mappings whose answer to a GET
 * or HEAD depends on nothing but the method and the path within the application, as long as no
 * pattern of a mapping with a {@code params}, {@code headers}, {@code consumes}, {@code produces}
 * or custom condition matches the path: those patterns are checked once per path, when the path
 * is first remembered, and such a path is remembered as {@link #UNSAFE} (always looked up).
 *
 * <p>Bounded: at most {@link #CAPACITY} request URIs per method (GET, HEAD), each at most
 * {@link #MAX_PATH_LENGTH} characters; when a table is full it is cleared, so a working set that
 * moves on (new ids in {@code /articles/{id}}) is remembered again, at one full lookup per path
 * after each clear, instead of the first paths ever seen staying forever. Concurrent remembering
 * may overshoot the bound by the number of threads racing at the moment it is reached.
 * Thread-safe.
 */
final class RouteMemo {

  /** Paths remembered per method. */
  static final int CAPACITY = 4096;
  /** Longer paths are not remembered, so the tables stay small whatever the requests. */
  static final int MAX_PATH_LENGTH = 512;
  /** Remembered: the mappings answer with no annotated handler. */
  static final Object NO_ROUTE = new Object();
  /** Remembered: the answer may depend on more than method and path; always look it up. */
  static final Object UNSAFE = new Object();

  private final int mappings;
  private final PathPattern[] conditioned;
  private final Map<String, Object> gets = new ConcurrentHashMap<>();
  private final Map<String, Object> heads = new ConcurrentHashMap<>();

  /**
   * @param mappings how many handler mappings, from the first, decide every remembered answer: an
   *     answer that came from a later one is not remembered
   * @param conditioned the patterns of those mappings' request mappings that have conditions
   *     beyond method and path
   */
  RouteMemo(int mappings, List<PathPattern> conditioned) {
    this.mappings = mappings;
    this.conditioned = conditioned.toArray(new PathPattern[0]);
  }

  /** How many handler mappings, from the first, an answer must come from to be remembered. */
  int mappings() {
    return mappings;
  }

  /**
   * What was remembered for {@code method} and the request URI {@code uri}: a {@link Route},
   * {@link #NO_ROUTE}, {@link #UNSAFE}, or null when nothing is (or the method is not GET or
   * HEAD).
   */
  Object recall(String method, String uri) {
    Map<String, Object> table = table(method);
    return table == null ? null : table.get(uri);
  }

  /**
   * Remembers {@code route} (null: no annotated handler) for {@code method} and the request URI
   * {@code uri}, whose path within the application is {@code path}, which the mappings answered
   * after the path precheck passed; or {@link #UNSAFE} when a conditioned pattern matches the
   * path.
   */
  void remember(String method, String uri, PathContainer path, Route route) {
    Map<String, Object> table = table(method);
    if (table == null || uri.length() > MAX_PATH_LENGTH) {
      return;
    }
    Object answer = route == null ? NO_ROUTE : route;
    for (PathPattern pattern : conditioned) {
      if (pattern.matches(path)) {
        answer = UNSAFE;
        break;
      }
    }
    if (table.size() >= CAPACITY) {
      table.clear();
    }
    table.put(uri, answer);
  }

  /** How many paths are remembered for {@code method}. */
  int size(String method) {
    Map<String, Object> table = table(method);
    return table == null ? 0 : table.size();
  }

  private Map<String, Object> table(String method) {
    if ("GET".equals(method)) {
      return gets;
    }
    return "HEAD".equals(method) ? heads : null;
  }
}
