package io.daramjwee.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Picks the route of a request, or none. The filter's default tries its {@link Route}s' path
 * patterns in order; an integration can match requests as its framework does instead (Spring
 * matches the handler the dispatcher would choose). Called on every request, so it must be cheap;
 * thread-safe.
 */
@FunctionalInterface
public interface RouteResolver {

  /** The route for {@code request}, or {@code null} when the cache does not handle it. */
  Route resolve(HttpServletRequest request);
}
