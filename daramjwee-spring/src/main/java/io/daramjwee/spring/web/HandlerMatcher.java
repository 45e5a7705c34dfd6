package io.daramjwee.spring.web;

import io.daramjwee.servlet.Route;
import io.daramjwee.servlet.RouteResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Finds the route of the handler method the {@code DispatcherServlet} will choose for a request,
 * by asking its handler mappings, in its order, exactly as it will: so patterns, HTTP methods,
 * {@code params}/{@code headers}/{@code consumes}/{@code produces} conditions and the precedence
 * between mappings (a more specific mapping without {@code @Daramjwee} wins) all hold. The
 * mappings see a request whose attribute writes stay private ({@link IsolatedAttributesRequest}).
 *
 * <p>Most requests are for no annotated handler, so a path that matches none of the annotated
 * mappings' patterns is turned away first, without asking the mappings. Thread-safe: immutable,
 * and the handler mappings are themselves thread-safe.
 */
final class HandlerMatcher implements RouteResolver {

  private final List<HandlerMapping> mappings;
  private final Map<Method, Route> routes;
  /** The annotated mappings' patterns; null when one cannot be checked up front (Ant-style). */
  private final PathPattern[] patterns;
  private final List<RouteEntry> entries;

  HandlerMatcher(List<HandlerMapping> mappings, Map<Method, Route> routes,
      List<PathPattern> patterns, List<RouteEntry> entries) {
    this.mappings = List.copyOf(mappings);
    this.routes = Map.copyOf(routes);
    this.patterns = patterns == null ? null : patterns.toArray(new PathPattern[0]);
    this.entries = List.copyOf(entries);
  }

  /** The annotated handlers' routes. */
  List<RouteEntry> entries() {
    return entries;
  }

  @Override
  public Route resolve(HttpServletRequest request) {
    if (routes.isEmpty()) {
      return null;
    }
    RequestPath path;
    try {
      path = ServletRequestPathUtils.parse(request);
    } catch (RuntimeException e) {
      return null; // the dispatcher cannot map it either
    }
    if (patterns != null && !anyMatches(path.pathWithinApplication())) {
      return null;
    }
    IsolatedAttributesRequest lookup = new IsolatedAttributesRequest(request);
    // What the DispatcherServlet does before it asks, so mappings on PathPatterns can match.
    ServletRequestPathUtils.setParsedRequestPath(path, lookup);
    for (HandlerMapping mapping : mappings) {
      HandlerExecutionChain chain;
      try {
        chain = mapping.getHandler(lookup);
      } catch (Exception e) {
        // 405, 406, 415 and the like: the dispatcher will fail the request the same way.
        return null;
      }
      if (chain != null) {
        return chain.getHandler() instanceof HandlerMethod handler
            ? routes.get(handler.getMethod())
            : null;
      }
    }
    return null;
  }

  private boolean anyMatches(PathContainer path) {
    for (PathPattern pattern : patterns) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
