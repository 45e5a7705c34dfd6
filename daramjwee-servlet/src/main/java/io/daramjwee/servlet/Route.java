package io.daramjwee.servlet;

import io.daramjwee.http.PathPattern;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.TagTemplate;
import io.daramjwee.proxy.Upstream;
import java.util.List;
import java.util.Objects;

/**
 * One cached route: the paths it covers, what its rules allow, and where misses go: the
 * application's own controller (the filter chain), or an upstream origin it proxies. Immutable and
 * thread-safe.
 */
public final class Route {

  private final PathPattern pattern;
  private final RouteRules rules;
  private final Upstream upstream; // null for a controller route
  final List<String> queryInclude; // the rules' sets as lists, once, for CacheKeys
  final List<String> queryExclude;
  final List<String> varyNames; // the rules' vary, plus Authorization when it is let through
  final List<TagTemplate> tagTemplates; // the rules' tags, parsed once

  private Route(PathPattern pattern, RouteRules rules, Upstream upstream) {
    this.pattern = pattern;
    this.rules = Objects.requireNonNull(rules, "rules");
    this.upstream = upstream;
    this.queryInclude = List.copyOf(rules.queryInclude());
    this.queryExclude = List.copyOf(rules.queryExclude());
    List<String> vary = new java.util.ArrayList<>(rules.vary());
    if (rules.allowAuthorization()
        && vary.stream().noneMatch(name -> name.equalsIgnoreCase("Authorization"))) {
      vary.add("Authorization");
    }
    this.varyNames = List.copyOf(vary);
    this.tagTemplates = List.copyOf(rules.tagTemplates());
  }

  /**
   * A route whose misses run the filter chain (the controller). {@code pathPattern} is Ant-style:
   * {@code /articles/**}, {@code /a/*}{@code /b}, {@code /x/{id}} (see {@link PathPattern}).
   *
   * @throws IllegalArgumentException when the pattern is malformed
   */
  public static Route controller(String pathPattern, RouteRules rules) {
    return new Route(PathPattern.compile(pathPattern), rules, null);
  }

  /**
   * A route whose misses go to {@code upstream}. For a pattern ending in {@code /**} the part of
   * the path that {@code **} matched is sent, after the upstream URL's own path:
   * {@code /proxy/a?q} under {@code /proxy/**} goes to {@code <upstream>/a?q}. For any other
   * pattern the whole path is sent.
   *
   * @throws IllegalArgumentException when the pattern is malformed
   */
  public static Route proxy(String pathPattern, RouteRules rules, Upstream upstream) {
    return new Route(PathPattern.compile(pathPattern), rules,
        Objects.requireNonNull(upstream, "upstream"));
  }

  /** The route id, from its rules: it names the route in cache keys, logs and metrics. */
  public String id() {
    return rules.routeId();
  }

  public PathPattern pathPattern() {
    return pattern;
  }

  public RouteRules rules() {
    return rules;
  }

  /** The upstream of a proxy route, or {@code null} for a controller route. */
  public Upstream upstream() {
    return upstream;
  }

  @Override
  public String toString() {
    return "Route{" + id() + " " + pattern + (upstream == null ? "" : " -> " + upstream) + "}";
  }
}
