package io.daramjwee.spring.web;

import io.daramjwee.servlet.Route;
import io.daramjwee.spring.Daramjwee;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Discovers the handler methods that carry {@link Daramjwee @Daramjwee}, on the method or its
 * class, among the request mappings of Spring MVC, and builds the {@link HandlerMatcher} that
 * finds them again per request. With that matcher and {@link MemoSafety}, the only classes that
 * name Spring MVC types, so nothing else loads them when Spring MVC is absent. Stateless.
 */
final class HandlerRoutes {

  private HandlerRoutes() {}

  /**
   * The annotated handlers of {@code context}'s handler mappings.
   *
   * @throws IllegalStateException naming the handler when an annotation does not parse or the
   *     handler's mapping cannot accept GET
   */
  static HandlerMatcher discover(ApplicationContext context, AnnotatedRules reader) {
    List<HandlerMapping> mappings = handlerMappings(context);
    Map<Method, Found> found = new LinkedHashMap<>();
    for (HandlerMapping mapping : mappings) {
      if (!(mapping instanceof RequestMappingInfoHandlerMapping requestMappings)) {
        continue;
      }
      for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
          requestMappings.getHandlerMethods().entrySet()) {
        HandlerMethod handler = e.getValue();
        Found earlier = found.get(handler.getMethod());
        if (earlier == null) {
          AnnotatedRules.Reading reading =
              reader.read(handler.getBeanType(), handler.getMethod(), handler.toString());
          if (reading == null) {
            continue;
          }
          earlier = new Found(handler, reading);
          found.put(handler.getMethod(), earlier);
        }
        earlier.add(e.getKey());
      }
    }
    Map<Method, Route> routes = new LinkedHashMap<>();
    List<RouteEntry> entries = new ArrayList<>();
    List<PathPattern> patterns = new ArrayList<>();
    boolean precheck = true;
    for (Found f : found.values()) {
      RouteEntry entry = f.entry();
      routes.put(f.handler.getMethod(), entry.route());
      entries.add(entry);
      patterns.addAll(f.pathPatterns);
      precheck &= f.precheckable;
    }
    // Handler methods come out of a hash map; sorting makes the table the same on every start.
    entries.sort(Comparator.comparing(RouteEntry::id));
    RouteMemo memo = MemoSafety.memoFor(mappings, routes.keySet(), precheck);
    return new HandlerMatcher(mappings, routes, precheck ? patterns : null, entries, memo);
  }

  /** Every handler mapping, in the order the DispatcherServlet asks them (it detects them all). */
  private static List<HandlerMapping> handlerMappings(ApplicationContext context) {
    List<HandlerMapping> mappings = new ArrayList<>(BeanFactoryUtils
        .beansOfTypeIncludingAncestors(context, HandlerMapping.class, true, false).values());
    AnnotationAwareOrderComparator.sort(mappings);
    return mappings;
  }

  /** One annotated handler method and every mapping it is registered under. */
  private static final class Found {
    final HandlerMethod handler;
    final AnnotatedRules.Reading reading;
    final Set<String> patternValues = new LinkedHashSet<>();
    final List<PathPattern> pathPatterns = new ArrayList<>();
    boolean precheckable = true;

    Found(HandlerMethod handler, AnnotatedRules.Reading reading) {
      this.handler = handler;
      this.reading = reading;
    }

    void add(RequestMappingInfo info) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
        throw new IllegalStateException("@Daramjwee on " + handler + ": its mapping accepts only "
            + methods + ", but only GET (and HEAD) responses are cached; map it to GET too, or "
            + "remove the annotation");
      }
      patternValues.addAll(info.getPatternValues());
      PathPatternsRequestCondition condition = info.getPathPatternsCondition();
      if (condition == null) {
        precheckable = false; // AntPathMatcher patterns: leave matching to the mapping
        return;
      }
      for (PathPattern pattern : condition.getPatterns()) {
        if (pattern.getPatternString().isEmpty()) {
          precheckable = false; // an empty mapping's special matching: leave it to the mapping
        }
        pathPatterns.add(pattern);
      }
    }

    RouteEntry entry() {
      String shortName = ClassUtils.getShortName(handler.getBeanType()) + "#"
          + handler.getMethod().getName();
      String description = String.join(", ", patternValues) + " -> " + shortName;
      return new RouteEntry(route(), reading.tags(), description);
    }

    /**
     * The {@link Route}, whose own pattern matching is not used: the matcher decides. Its pattern
     * is the first of Spring's that the filter's simpler syntax accepts, else {@code /**}.
     */
    private Route route() {
      for (String value : patternValues) {
        try {
          return Route.controller(value, reading.rules());
        } catch (IllegalArgumentException e) {
          // a Spring-only form such as "{*rest}" mid-path or an empty path; try the next
        }
      }
      return Route.controller("/**", reading.rules());
    }
  }
}
