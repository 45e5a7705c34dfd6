package io.daramjwee.spring.web;

import io.daramjwee.servlet.Route;
import io.daramjwee.servlet.RouteResolver;
import io.daramjwee.spring.Daramjwee;
import io.daramjwee.spring.DaramjweeProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The route table of the daramjwee filter: the routes of {@code daramjwee.routes[]}, tried first
 * and in order by their Ant-style patterns, then the Spring MVC handler methods annotated
 * {@link Daramjwee @Daramjwee}, matched exactly as the {@code DispatcherServlet} will match them
 * (see {@link HandlerMatcher}). Without Spring MVC on the class path only the property routes
 * exist.
 *
 * <p>Property routes are built, with the {@code Upstream} of each proxy route, when this is
 * constructed; annotated handlers are discovered once every singleton exists (the handler
 * mappings among them), and a bad annotation, a handler that cannot accept GET, or two routes with
 * one id fail startup naming them. The proxy routes' upstreams are closed with the context.
 *
 * <p>Thread-safe: the table is immutable once discovery has run, which happens before the server
 * takes requests. {@link #resolve} asks the handler mappings only for a path that an annotated
 * handler's pattern matches, and for a GET or HEAD whose answer depends on method and path alone
 * only the first time (see {@code HandlerMatcher}); any other request costs a path parse and
 * pattern matches.
 */
public final class DaramjweeRoutes implements RouteResolver, SmartInitializingSingleton,
    DisposableBean {

  private static final String DISPATCHER_SERVLET =
      "org.springframework.web.servlet.DispatcherServlet";

  private final ApplicationContext context;
  private final AnnotatedRules reader;
  private final RouteEntry[] propertyRoutes;
  private volatile Table table;

  /**
   * Builds the property routes of {@code properties}; the annotated ones are discovered in
   * {@code context} when its singletons are ready.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property of a route that
   *     cannot be built
   */
  public DaramjweeRoutes(DaramjweeProperties properties, ApplicationContext context) {
    this.context = Objects.requireNonNull(context, "context");
    this.reader = new AnnotatedRules(properties, context.getEnvironment());
    List<RouteEntry> built = PropertyRoutes.build(properties, context.getClassLoader());
    this.propertyRoutes = built.toArray(new RouteEntry[0]);
    try {
      this.table = Table.of(built, null);
    } catch (RuntimeException e) {
      PropertyRoutes.closeUpstreams(built);
      throw e;
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!ClassUtils.isPresent(DISPATCHER_SERVLET, context.getClassLoader())) {
      return; // no Spring MVC: no handler methods to find
    }
    HandlerMatcher matcher = HandlerRoutes.discover(context, reader);
    table = Table.of(List.of(propertyRoutes), matcher);
  }

  @Override
  public Route resolve(HttpServletRequest request) {
    Table t = table;
    if (t.propertyRoutes.length > 0) {
      String path = path(request);
      for (RouteEntry entry : t.propertyRoutes) {
        if (entry.route().pathPattern().matches(path)) {
          return entry.route();
        }
      }
    }
    return t.handlers == null ? null : t.handlers.resolve(request);
  }

  /** Every route: the property routes in their order, then the annotated ones by id. */
  public List<Route> routes() {
    return table.byId.values().stream().map(RouteEntry::route).toList();
  }

  /** The tags of the route {@code routeId}; empty for a route without tags or an unknown id. */
  public Set<String> tags(String routeId) {
    RouteEntry entry = table.byId.get(routeId);
    return entry == null ? Set.of() : entry.tags();
  }

  /** The ids of the routes tagged {@code tag}, in {@link #routes()} order. */
  public List<String> routeIdsTagged(String tag) {
    return table.byId.values().stream().filter(e -> e.tags().contains(tag))
        .map(RouteEntry::id).toList();
  }

  /**
   * What the route {@code routeId} covers, for people: its patterns and the handler or upstream
   * behind it, such as {@code /articles/{id} -> ArticleController#article}; {@code null} for an
   * unknown id.
   */
  public String description(String routeId) {
    RouteEntry entry = table.byId.get(routeId);
    return entry == null ? null : entry.description();
  }

  /** Closes the proxy routes' upstreams. */
  @Override
  public void destroy() {
    PropertyRoutes.closeUpstreams(List.of(propertyRoutes));
  }

  /** The path patterns match against: the path inside the application, decoded. */
  private static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = pathInfo == null ? servletPath : servletPath + pathInfo;
    return path.isEmpty() ? "/" : path;
  }

  /** One immutable state of the table. */
  private static final class Table {
    final RouteEntry[] propertyRoutes;
    final HandlerMatcher handlers; // null before discovery, or without Spring MVC
    final Map<String, RouteEntry> byId;

    private Table(RouteEntry[] propertyRoutes, HandlerMatcher handlers,
        Map<String, RouteEntry> byId) {
      this.propertyRoutes = propertyRoutes;
      this.handlers = handlers;
      this.byId = byId;
    }

    /** @throws IllegalStateException naming both routes when two share an id */
    static Table of(List<RouteEntry> propertyRoutes, HandlerMatcher handlers) {
      List<RouteEntry> all = new ArrayList<>(propertyRoutes);
      if (handlers != null) {
        all.addAll(handlers.entries());
      }
      Map<String, RouteEntry> byId = new LinkedHashMap<>();
      for (RouteEntry entry : all) {
        RouteEntry other = byId.putIfAbsent(entry.id(), entry);
        if (other != null) {
          throw new IllegalStateException("two daramjwee routes have the id '" + entry.id()
              + "': " + other.description() + " and " + entry.description()
              + "; give one another id (@Daramjwee(id = ...) or daramjwee.routes[i].id)");
        }
      }
      return new Table(propertyRoutes.toArray(new RouteEntry[0]), handlers,
          Collections.unmodifiableMap(byId));
    }
  }
}
