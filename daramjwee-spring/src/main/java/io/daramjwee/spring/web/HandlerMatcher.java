package io.daramjwee.spring.web;

import io.daramjwee.servlet.Route;
import io.daramjwee.servlet.RouteResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
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
 * mappings' patterns is turned away first, without asking the mappings. Where the mappings'
 * answer to a GET or HEAD provably depends on method and path alone ({@link MemoSafety}), a path
 * that passed that check is looked up once and then answered from a bounded {@link RouteMemo},
 * asked by the request URI before anything else.
 * The memo knows the mappings as they were when this was built, at startup: a request mapping
 * registered or removed later ({@code registerMapping}, {@code unregisterMapping}) is not seen
 * for a path already remembered (as the precheck's patterns never see one).
 *
 * <p>Thread-safe: the handler mappings are themselves thread-safe, and the memo is concurrent.
 */
final class HandlerMatcher implements RouteResolver {

  private final List<HandlerMapping> mappings;
  private final Map<Method, Route> routes;
  /** The annotated mappings' patterns; null when one cannot be checked up front (Ant-style). */
  private final PathPattern[] patterns;
  private final List<RouteEntry> entries;
  /** Null when answers may depend on more than method and path. */
  private final RouteMemo memo;
  private final LongAdder lookups = new LongAdder();

  HandlerMatcher(List<HandlerMapping> mappings, Map<Method, Route> routes,
      List<PathPattern> patterns, List<RouteEntry> entries, RouteMemo memo) {
    this.mappings = List.copyOf(mappings);
    this.routes = Map.copyOf(routes);
    this.patterns = patterns == null ? null : patterns.toArray(new PathPattern[0]);
    this.entries = List.copyOf(entries);
    this.memo = memo;
  }

  /** The annotated handlers' routes. */
  List<RouteEntry> entries() {
    return entries;
  }

  /** The memo, or null when this matcher asks the mappings every time. */
  RouteMemo memo() {
    return memo;
  }

  /** How many times the handler mappings were asked: the lookups the memo did not answer. */
  long lookups() {
    return lookups.sum();
  }

  @Override
  public Route resolve(HttpServletRequest request) {
    if (routes.isEmpty()) {
      return null;
    }
    // The memo is asked first, by the request URI as sent (the context path is this
    // application's own, so the URI decides the path within it): a remembered path is neither
    // parsed nor prechecked again.
    String method = memo == null ? null : request.getMethod();
    String uri = method == null ? null : request.getRequestURI();
    if (uri != null) {
      Object known = memo.recall(method, uri);
      if (known instanceof Route route) {
        return route;
      }
      if (known == RouteMemo.NO_ROUTE) {
        return null;
      }
      if (known == RouteMemo.UNSAFE) {
        method = null;
      }
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
    lookups.increment();
    IsolatedAttributesRequest lookup = new IsolatedAttributesRequest(request);
    // What the DispatcherServlet does before it asks, so mappings on PathPatterns can match.
    ServletRequestPathUtils.setParsedRequestPath(path, lookup);
    for (int i = 0; i < mappings.size(); i++) {
      HandlerExecutionChain chain;
      try {
        chain = mappings.get(i).getHandler(lookup);
      } catch (Exception e) {
        // 405, 406, 415 and the like: the dispatcher will fail the request the same way.
        return null; // not remembered: the next one may not fail
      }
      if (chain != null) {
        Route route = chain.getHandler() instanceof HandlerMethod handler
            ? routes.get(handler.getMethod())
            : null;
        if (method != null && i < memo.mappings()) {
          memo.remember(method, uri, path.pathWithinApplication(), route);
        }
        return route;
      }
    }
    return null; // not remembered: mappings the memo does not vouch for answered
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
