package io.daramjwee.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/** The default {@link RouteResolver}: the first route whose pattern matches. Thread-safe. */
final class PatternRoutes implements RouteResolver {

  private final Route[] routes;

  PatternRoutes(List<Route> routes) {
    this.routes = routes.toArray(new Route[0]);
  }

  @Override
  public Route resolve(HttpServletRequest request) {
    String path = Requests.path(request);
    for (Route route : routes) {
      if (route.pathPattern().matches(path)) {
        return route;
      }
    }
    return null;
  }
}
