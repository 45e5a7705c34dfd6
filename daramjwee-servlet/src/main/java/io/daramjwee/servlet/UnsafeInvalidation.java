package io.daramjwee.servlet;

import io.daramjwee.purge.Purge;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a successful unsafe request invalidates (RFC 9111 §4.4): its target URI and, when they are
 * on the same origin (RFC 9110 §4.3.1: scheme, host and port), the URIs its response's
 * {@code Location} and {@code Content-Location} name. Each is invalidated as a hard purge of its
 * path: every query, host and {@code Vary} variant of it, on any route, since the variants of a
 * resource are kept under keys no list of the request's could name. Being a purge, it reaches
 * every instance sharing the purge log and outlives a restart, where a tier's own delete would
 * leave the other instances' hot tiers serving the old body. Stateless and thread-safe.
 */
final class UnsafeInvalidation {

  private static final Logger LOG = LoggerFactory.getLogger(UnsafeInvalidation.class);

  private UnsafeInvalidation() {}

  /**
   * The application paths (decoded, without the context path) that the answer
   * {@code response} to the unsafe request {@code request} invalidates; empty unless its status
   * is 2xx or 3xx ("non-error").
   */
  static Set<String> paths(Exchange exchange, HttpServletResponse response) {
    Set<String> paths = new LinkedHashSet<>();
    int status = response.getStatus();
    String method = exchange.head().method();
    if (status < 200 || status >= 400 || method.equals("OPTIONS") || method.equals("TRACE")) {
      return paths; // an error, or a safe method (RFC 9110 §9.2.1) other than GET and HEAD
    }
    HttpServletRequest request = exchange.request();
    paths.add(exchange.head().path());
    for (String field : new String[] {"Location", "Content-Location"}) {
      String value = response.getHeader(field);
      if (value != null) {
        String path = sameOriginPath(request, value.trim());
        if (path != null) {
          paths.add(path);
        }
      }
    }
    return paths;
  }

  /** Purges each path of {@link #paths} and deletes the target's own key at once. */
  static void apply(Exchange exchange, HttpServletResponse response, FilterState state,
      CacheGate cache, String targetKey) {
    Set<String> paths = paths(exchange, response);
    if (paths.isEmpty()) {
      return;
    }
    for (String path : paths) {
      try {
        state.purge(Purge.path(path));
      } catch (RuntimeException e) {
        LOG.warn("invalidating {} after {} {} failed: {}", path, exchange.head().method(),
            exchange.head().path(), e.toString());
      }
    }
    cache.invalidate(targetKey);
  }

  /**
   * The application path {@code reference} names when it resolves, against the request's URL, to
   * the same origin and under the application's context path; else {@code null}.
   */
  static String sameOriginPath(HttpServletRequest request, String reference) {
    try {
      URI base = new URI(request.getRequestURL().toString());
      URI target = base.resolve(new URI(reference));
      if (!base.getScheme().equalsIgnoreCase(target.getScheme())
          || target.getHost() == null || !target.getHost().equalsIgnoreCase(base.getHost())
          || port(target) != port(base)) {
        return null;
      }
      String path = target.normalize().getPath();
      String context = request.getContextPath();
      if (path == null || !path.startsWith(context + "/")) {
        return null;
      }
      return path.substring(context.length());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null; // not a URI reference: it names nothing this cache holds
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
