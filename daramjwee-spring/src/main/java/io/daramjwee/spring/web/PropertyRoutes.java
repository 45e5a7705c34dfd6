package io.daramjwee.spring.web;

import io.daramjwee.http.RouteRules;
import io.daramjwee.http.TagTemplate;
import io.daramjwee.proxy.Upstream;
import io.daramjwee.servlet.Route;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.RouteProperties;
import io.daramjwee.spring.UpstreamProperties;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * Builds the routes of {@code daramjwee.routes[]}: a proxy route, with its own {@link Upstream},
 * for each entry with an {@code upstream}, a controller route for the others. A bad entry fails
 * with {@link InvalidConfigurationPropertyValueException} naming its property, after closing the
 * upstreams already built. Stateless.
 */
final class PropertyRoutes {

  private static final Logger log = LoggerFactory.getLogger(PropertyRoutes.class);

  /** A class of HttpClient 5 that {@link Upstream.Builder#build()} links against. */
  private static final String HTTP_CLIENT = "org.apache.hc.client5.http.classic.HttpClient";

  private PropertyRoutes() {}

  /**
   * The routes, in the order configured.
   *
   * @param classLoader the application's class loader, asked whether HttpClient 5 is present
   */
  static List<RouteEntry> build(DaramjweeProperties properties, ClassLoader classLoader) {
    List<RouteEntry> entries = new ArrayList<>();
    try {
      List<RouteProperties> routes = properties.getRoutes();
      for (int i = 0; i < routes.size(); i++) {
        entries.add(entry("daramjwee.routes[" + i + "]", routes.get(i), properties, classLoader));
      }
      return entries;
    } catch (RuntimeException e) {
      closeUpstreams(entries);
      throw e;
    }
  }

  /** Closes the upstreams of {@code entries}' proxy routes, logging rather than throwing. */
  static void closeUpstreams(List<RouteEntry> entries) {
    for (RouteEntry entry : entries) {
      Upstream upstream = entry.route().upstream();
      if (upstream != null) {
        try {
          upstream.close();
        } catch (IOException | RuntimeException e) {
          log.warn("closing the upstream of route {} failed", entry.id(), e);
        }
      }
    }
  }

  private static RouteEntry entry(String name, RouteProperties route,
      DaramjweeProperties properties, ClassLoader classLoader) {
    String pattern = route.getPattern();
    if (pattern == null) {
      throw new InvalidConfigurationPropertyValueException(name + ".pattern", null,
          "every route needs a path pattern, such as /articles/**");
    }
    String id = route.getId() != null ? route.getId() : pattern;
    checkTags(name + ".tags", route.getTags());
    RouteRules rules = rules(name, id, route, properties);
    try {
      // Compiled once here so that a malformed pattern names its property, not a proxy's pool.
      Route.controller(pattern, rules);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(name + ".pattern", pattern,
          e.getMessage());
    }
    URI origin = route.getUpstream();
    if (origin == null) {
      return new RouteEntry(Route.controller(pattern, rules), new LinkedHashSet<>(route.getTags()),
          pattern + " -> controller");
    }
    Upstream upstream = upstream(name + ".upstream", origin, properties, classLoader);
    return new RouteEntry(Route.proxy(pattern, rules, upstream),
        new LinkedHashSet<>(route.getTags()), pattern + " -> " + origin);
  }

  /** Each tag template parses, or startup fails naming the property and the template. */
  private static void checkTags(String name, List<String> tags) {
    for (String tag : tags) {
      try {
        TagTemplate.parse(tag);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidConfigurationPropertyValueException(name, tags, e.getMessage());
      }
    }
  }

  private static RouteRules rules(String name, String id, RouteProperties route,
      DaramjweeProperties properties) {
    RouteRules.Builder rules = RuleDefaults.rules(id, properties)
        .vary(route.getVary())
        .queryInclude(new LinkedHashSet<>(route.getQueryInclude()))
        .queryExclude(new LinkedHashSet<>(route.getQueryExclude()))
        .allowAuthorization(route.isAllowAuthorization())
        .tags(route.getTags())
        .forwardHeaders(route.getForwardHeaders() == RouteProperties.ForwardHeaders.KEYED
            ? RouteRules.ForwardHeaders.KEYED : RouteRules.ForwardHeaders.ALL);
    if (route.getHonorRequestCacheControl() != null) {
      rules.honorRequestCacheControl(route.getHonorRequestCacheControl());
    }
    if (route.getFreshFor() != null) {
      rules.freshFor(route.getFreshFor());
    }
    if (route.getStaleFor() != null) {
      rules.staleFor(route.getStaleFor());
    }
    if (route.getStaleIfError() != null) {
      rules.staleIfError(route.getStaleIfError());
    }
    if (route.getNegativeFreshFor() != null) {
      rules.negativeFreshFor(route.getNegativeFreshFor());
    }
    if (route.getMaxObjectSize() != null) {
      rules.maxObjectSize(route.getMaxObjectSize().toBytes());
    }
    try {
      return rules.build();
    } catch (IllegalArgumentException e) {
      // vary names that are not header names, query-include together with query-exclude, or
      // more tag templates than a route may have
      throw new InvalidConfigurationPropertyValueException(name, id, e.getMessage());
    }
  }

  private static Upstream upstream(String name, URI origin, DaramjweeProperties properties,
      ClassLoader classLoader) {
    String missing = "a proxy route needs Apache HttpClient 5 on the class path: add the "
        + "dependency org.apache.httpcomponents.client5:httpclient5";
    // Asked of the application's class loader: the library's own may see a client the
    // application has excluded.
    Object shown = origin.getRawUserInfo() == null ? origin : "(hidden: it has user information)";
    if (!ClassUtils.isPresent(HTTP_CLIENT, classLoader)) {
      throw new InvalidConfigurationPropertyValueException(name, shown, missing);
    }
    UpstreamProperties settings = properties.getUpstream();
    try {
      return Upstream.builder(origin)
          .connectTimeout(settings.getConnectTimeout())
          .responseTimeout(settings.getResponseTimeout())
          .maxConnections(settings.getMaxConnections())
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(name, shown, e.getMessage());
    } catch (IllegalStateException e) {
      throw new InvalidConfigurationPropertyValueException(name, shown, missing);
    }
  }
}
