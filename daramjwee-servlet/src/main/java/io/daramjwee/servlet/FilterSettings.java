package io.daramjwee.servlet;

import io.daramjwee.DaramjweeCache;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * What a {@link DaramjweeFilter} was built with, plus the state its requests share: the pass
 * marks, the learned {@code Vary} names, the purge marks and the refresh token. Thread-safe.
 */
final class FilterSettings {

  final DaramjweeCache cache;
  final RouteResolver routes;
  final boolean cacheStatusHeader;
  final PassMarks passMarks;
  final VaryIndex varyIndex = new VaryIndex();
  final RefreshToken refreshToken = new RefreshToken();
  final URI refreshBaseUrl; // null: the application's own port on loopback, per request
  final Duration refreshTimeout;
  final Clock clock;
  final CacheListener listener;
  final Purges purges;

  FilterSettings(DaramjweeCache cache, RouteResolver routes, boolean cacheStatusHeader,
      Duration passFor, URI refreshBaseUrl, Duration refreshTimeout, Clock clock,
      CacheListener listener) {
    this.cache = cache;
    this.routes = routes;
    this.cacheStatusHeader = cacheStatusHeader;
    this.passMarks = new PassMarks(passFor, clock);
    this.refreshBaseUrl = refreshBaseUrl;
    this.refreshTimeout = refreshTimeout;
    this.clock = clock;
    this.listener = listener;
    this.purges = new Purges(clock);
  }

}
