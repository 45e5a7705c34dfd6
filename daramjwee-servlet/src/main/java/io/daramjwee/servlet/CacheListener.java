package io.daramjwee.servlet;

import io.daramjwee.http.CacheResult;
/**
 * Hears how a {@link DaramjweeFilter} answered each request on its routes, for metrics. Called on
 * the thread serving the request, so it must be quick; thread-safe. What it throws is logged and
 * never reaches the request.
 */
public interface CacheListener {

  /** Hears nothing. */
  CacheListener NONE = (routeId, result, tier) -> {};

  /**
   * A request on route {@code routeId} was answered.
   *
   * @param tier the index of the tier that served it (0 is the hot tier), or -1 when no tier did
   */
  void onRequest(String routeId, CacheResult result, int tier);

  /**
   * {@code bytes} of a response body went to the client: from tier {@code tier}, or from the
   * origin when {@code tier} is -1 (a miss streamed through the cache).
   */
  default void onBodySent(String routeId, int tier, long bytes) {}
}
