package io.daramjwee.servlet;

import io.daramjwee.DaramjweeCache;
import java.net.URI;
import io.daramjwee.purge.PurgeLog;
import java.time.Clock;
import java.time.Duration;

/**
 * What a {@link DaramjweeFilter} was built with, checked by its builder and never changed: the
 * cache, the routes, the clock, the listener, the refresh settings and the tag header. The state
 * its requests share and change lives apart, in {@link FilterState}. Immutable and thread-safe.
 */
final class FilterSettings {

  private final DaramjweeCache cache;
  private final RouteResolver routes;
  private final boolean cacheStatusHeader;
  private final Duration passFor;
  private final URI refreshBaseUrl; // null: the application's own port on loopback, per request
  private final Duration refreshTimeout;
  private final Clock clock;
  private final PurgeLog purgeLog;
  private final Duration marksKeptFor;
  private final CacheListener listener;
  private final String tagHeader;
  private final boolean exposeTagHeader;

  private FilterSettings(Builder b) {
    this.cache = b.cache;
    this.routes = b.routes;
    this.cacheStatusHeader = b.cacheStatusHeader;
    this.passFor = b.passFor;
    this.refreshBaseUrl = b.refreshBaseUrl;
    this.refreshTimeout = b.refreshTimeout;
    this.clock = b.clock;
    this.purgeLog = b.purgeLog;
    this.marksKeptFor = b.marksKeptFor;
    this.listener = b.listener;
    this.tagHeader = b.tagHeader;
    this.exposeTagHeader = b.exposeTagHeader;
  }

  DaramjweeCache cache() {
    return cache;
  }

  RouteResolver routes() {
    return routes;
  }

  /** Whether responses carry a {@code Cache-Status} field. */
  boolean cacheStatusHeader() {
    return cacheStatusHeader;
  }

  /** How long a pass mark lasts; zero: none are set. */
  Duration passFor() {
    return passFor;
  }

  /** Where controller refreshes go, or {@code null} for loopback on the request's own port. */
  URI refreshBaseUrl() {
    return refreshBaseUrl;
  }

  Duration refreshTimeout() {
    return refreshTimeout;
  }

  Clock clock() {
    return clock;
  }

  PurgeLog purgeLog() {
    return purgeLog;
  }

  Duration marksKeptFor() {
    return marksKeptFor;
  }

  CacheListener listener() {
    return listener;
  }

  /** The response header that names an entry's tags. */
  String tagHeader() {
    return tagHeader;
  }

  /** Whether the tag header reaches clients (and is stored); false: it is removed. */
  boolean exposeTagHeader() {
    return exposeTagHeader;
  }

  /**
   * Gathers the settings {@link DaramjweeFilter.Builder} has already checked, so the filter's
   * constructor takes one value instead of eight. Not thread-safe.
   */
  static final class Builder {
    private DaramjweeCache cache;
    private RouteResolver routes;
    private boolean cacheStatusHeader;
    private Duration passFor;
    private URI refreshBaseUrl;
    private Duration refreshTimeout;
    private Clock clock;
    private PurgeLog purgeLog;
    private Duration marksKeptFor;
    private CacheListener listener;
    private String tagHeader;
    private boolean exposeTagHeader;

    Builder cache(DaramjweeCache cache, RouteResolver routes) {
      this.cache = cache;
      this.routes = routes;
      return this;
    }

    Builder answers(boolean cacheStatusHeader, Duration passFor, CacheListener listener) {
      this.cacheStatusHeader = cacheStatusHeader;
      this.passFor = passFor;
      this.listener = listener;
      return this;
    }

    Builder refresh(URI refreshBaseUrl, Duration refreshTimeout) {
      this.refreshBaseUrl = refreshBaseUrl;
      this.refreshTimeout = refreshTimeout;
      return this;
    }

    Builder purges(PurgeLog purgeLog, Duration marksKeptFor) {
      this.purgeLog = purgeLog;
      this.marksKeptFor = marksKeptFor;
      return this;
    }

    Builder tags(String tagHeader, boolean exposeTagHeader) {
      this.tagHeader = tagHeader;
      this.exposeTagHeader = exposeTagHeader;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    FilterSettings build() {
      return new FilterSettings(this);
    }
  }
}
