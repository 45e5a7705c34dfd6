package io.daramjwee.spring.actuate;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeTiers;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

/**
 * The {@code daramjwee} actuator endpoint. {@code GET} answers an {@link EndpointSummary};
 * {@code DELETE} purges by exactly one of:
 *
 * <ul>
 *   <li>{@code key}: that exact cache key, deleted from every tier at once;
 *   <li>{@code path}: every entry any route stored for the path (every query and variant);
 *   <li>{@code route}: every entry the route stored; an unknown route id answers 404;
 *   <li>{@code tag}: every entry of every route with the tag; a tag no route has answers 404.
 * </ul>
 *
 * <p>Path, route and tag purges are marks the filter keeps in memory (see
 * {@code DaramjweeFilter.purgeRoute}), so without a filter they answer 404.
 * None or several parameters answer 400. Each answer says what was purged, or why not.
 *
 * <p>Thread-safe.
 */
@Endpoint(id = "daramjwee")
final class DaramjweeEndpoint {

  private static final Logger log = LoggerFactory.getLogger(DaramjweeEndpoint.class);

  private final DaramjweeCache cache;
  private final DaramjweeProperties properties; // null when the application built the cache
  private final DaramjweeTiers tiers; // null when the application has no tiers bean
  private final EndpointRoutes routes; // null without a filter

  DaramjweeEndpoint(DaramjweeCache cache, DaramjweeProperties properties, DaramjweeTiers tiers,
      EndpointRoutes routes) {
    this.cache = cache;
    this.properties = properties;
    this.tiers = tiers;
    this.routes = routes;
  }

  @ReadOperation
  EndpointSummary summary() {
    return EndpointSummary.of(cache.stats(), properties, tiers, routes);
  }

  @DeleteOperation
  WebEndpointResponse<Object> purge(@Nullable String key, @Nullable String path,
      @Nullable String route, @Nullable String tag) {
    long given = Stream.of(key, path, route, tag).filter(p -> p != null).count();
    if (given != 1) {
      return answer(WebEndpointResponse.STATUS_BAD_REQUEST,
          "give exactly one of key, path, route or tag; " + given + " given");
    }
    if (key != null) {
      return purgeKey(key);
    }
    if (routes == null) {
      return answer(WebEndpointResponse.STATUS_NOT_FOUND,
          "no daramjwee filter: there are no routes to purge");
    }
    if (path != null) {
      try {
        routes.purgePath(path);
      } catch (IllegalArgumentException e) {
        return answer(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
      }
      log.info("purged path={}", path);
      return new WebEndpointResponse<>(new Purged("path", path, List.of()));
    }
    if (route != null) {
      if (!routes.knows(route)) {
        return answer(WebEndpointResponse.STATUS_NOT_FOUND, "no route has the id '" + route + "'");
      }
      routes.purgeRoute(route);
      log.info("purged route={}", route);
      return new WebEndpointResponse<>(new Purged("route", route, List.of(route)));
    }
    return purgeTag(tag);
  }

  private WebEndpointResponse<Object> purgeKey(String key) {
    try {
      cache.delete(key);
    } catch (IOException e) {
      log.warn("purging key={} failed", key, e);
      return answer(WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR,
          "deleting the key failed in a tier: " + e);
    }
    log.info("purged key={}", key);
    return new WebEndpointResponse<>(new Purged("key", key, List.of()));
  }

  private WebEndpointResponse<Object> purgeTag(String tag) {
    if (!routes.hasTable()) {
      return answer(WebEndpointResponse.STATUS_NOT_FOUND,
          "the daramjwee filter has no route table to find tags in");
    }
    List<String> tagged = routes.tagged(tag);
    if (tagged.isEmpty()) {
      return answer(WebEndpointResponse.STATUS_NOT_FOUND, "no route has the tag '" + tag + "'");
    }
    tagged.forEach(routes::purgeRoute);
    log.info("purged tag={} routes={}", tag, tagged);
    return new WebEndpointResponse<>(new Purged("tag", tag, tagged));
  }

  private static WebEndpointResponse<Object> answer(int status, String message) {
    return new WebEndpointResponse<>(new Message(message), status);
  }

  /**
   * What a purge did.
   *
   * @param by what named the entries: {@code key}, {@code path}, {@code route} or {@code tag}
   * @param value the key, path, route id or tag
   * @param routes the routes purged by a route or tag purge; empty for the others
   */
  record Purged(String by, String value, List<String> routes) {}

  /** Why a purge did not happen. */
  record Message(String message) {}
}
