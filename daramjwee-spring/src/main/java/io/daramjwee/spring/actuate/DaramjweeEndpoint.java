package io.daramjwee.spring.actuate;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeLog;
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
 *   <li>{@code tag}: every entry that carries the tag, from its response's tag header or a route's
 *       tag template, on any route.
 * </ul>
 *
 * <p>{@code soft=true} makes covered entries stale instead of gone: served at once inside their
 * stale window while one refresh per key replaces them. Purges are marks the filter checks on
 * every hit (see {@code DaramjweeFilter.purge}); they outlive a restart where a tier does, and in
 * cluster mode reach every instance. Without a filter only a hard key purge works (the others
 * answer 404). None or several kinds answer 400. Each answer says what was purged, or why not.
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
  private final PurgeLog purges; // null when the application has no purge log bean

  DaramjweeEndpoint(DaramjweeCache cache, DaramjweeProperties properties, DaramjweeTiers tiers,
      EndpointRoutes routes, PurgeLog purges) {
    this.cache = cache;
    this.properties = properties;
    this.tiers = tiers;
    this.routes = routes;
    this.purges = purges;
  }

  @ReadOperation
  EndpointSummary summary() {
    return EndpointSummary.of(cache.stats(), properties, tiers, routes, purges);
  }

  @DeleteOperation
  WebEndpointResponse<Object> purge(@Nullable String key, @Nullable String path,
      @Nullable String route, @Nullable String tag, @Nullable Boolean soft) {
    long given = Stream.of(key, path, route, tag).filter(p -> p != null).count();
    if (given != 1) {
      return answer(WebEndpointResponse.STATUS_BAD_REQUEST,
          "give exactly one of key, path, route or tag; " + given + " given");
    }
    boolean isSoft = Boolean.TRUE.equals(soft);
    if (routes == null) {
      if (key != null && !isSoft) {
        return deleteKey(key);
      }
      return answer(WebEndpointResponse.STATUS_NOT_FOUND, "no daramjwee filter: only a hard key "
          + "purge works without one");
    }
    if (route != null && !routes.knows(route)) {
      return answer(WebEndpointResponse.STATUS_NOT_FOUND, "no route has the id '" + route + "'");
    }
    Purge purge;
    try {
      purge = key != null ? Purge.key(key) : path != null ? Purge.path(path)
          : route != null ? Purge.route(route) : Purge.tag(tag);
      purge = isSoft ? purge.asSoft() : purge;
      routes.purge(purge);
    } catch (IllegalArgumentException e) {
      return answer(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
    }
    List<String> purgedRoutes = route != null ? List.of(route)
        : tag != null ? routes.tagged(tag) : List.of();
    log.info("purged {}", purge);
    return new WebEndpointResponse<>(new Purged(
        purge.kind().name().toLowerCase(java.util.Locale.ROOT), purge.value(), purge.soft(),
        purgedRoutes));
  }

  private WebEndpointResponse<Object> deleteKey(String key) {
    try {
      cache.delete(key);
    } catch (IOException e) {
      log.warn("purging key={} failed", key, e);
      return answer(WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR,
          "deleting the key failed in a tier: " + e);
    } catch (IllegalArgumentException e) {
      return answer(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
    }
    log.info("purged key={}", key);
    return new WebEndpointResponse<>(new Purged("key", key, false, List.of()));
  }

  private static WebEndpointResponse<Object> answer(int status, String message) {
    return new WebEndpointResponse<>(new Message(message), status);
  }

  /**
   * What a purge did.
   *
   * @param by what named the entries: {@code key}, {@code path}, {@code route} or {@code tag}
   * @param value the key, path, route id or tag
   * @param soft whether covered entries became stale rather than gone
   * @param routes the route of a route purge; for a tag purge, the routes whose tag templates
   *     include that very tag (entries of other routes may carry it from their responses)
   */
  record Purged(String by, String value, boolean soft, List<String> routes) {}

  /** Why a purge did not happen. */
  record Message(String message) {}
}
