package io.daramjwee.servlet;

import io.daramjwee.Daramjwee;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * What a {@link DaramjweeFilter} was built with, plus the state its requests share: the pass
 * marks, the learned {@code Vary} names and the refresh token. Thread-safe.
 */
final class FilterSettings {

  final Daramjwee cache;
  final RouteResolver routes;
  final boolean cacheStatusHeader;
  final PassMarks passMarks;
  final VaryIndex varyIndex = new VaryIndex();
  final RefreshToken refreshToken = new RefreshToken();
  final URI refreshBaseUrl; // null: the application's own port on loopback, per request
  final Duration refreshTimeout;
  final Clock clock;

  FilterSettings(Daramjwee cache, RouteResolver routes, boolean cacheStatusHeader,
      Duration passFor, URI refreshBaseUrl, Duration refreshTimeout, Clock clock) {
    this.cache = cache;
    this.routes = routes;
    this.cacheStatusHeader = cacheStatusHeader;
    this.passMarks = new PassMarks(passFor, clock);
    this.refreshBaseUrl = refreshBaseUrl;
    this.refreshTimeout = refreshTimeout;
    this.clock = clock;
  }

}
