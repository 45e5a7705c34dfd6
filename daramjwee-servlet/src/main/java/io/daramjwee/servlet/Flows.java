package io.daramjwee.servlet;

import io.daramjwee.CacheRequest;
import io.daramjwee.CacheResponse;
import io.daramjwee.Metadata;
import io.daramjwee.http.CacheStatus;
import io.daramjwee.http.Conditionals;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the controller and proxy flows share. Stateless; thread-safe. */
final class Flows {

  private static final Logger LOG = LoggerFactory.getLogger(Flows.class);

  private Flows() {}

  /**
   * The engine's condition for a request's {@code If-None-Match}/{@code If-Modified-Since}; the
   * shared unconditional one when it has neither, so a plain hit allocates nothing for it.
   */
  static CacheRequest condition(RequestHead head) {
    Headers headers = head.headers();
    if (!headers.contains("If-None-Match") && !headers.contains("If-Modified-Since")) {
      return CacheRequest.none();
    }
    return CacheRequest.notModifiedWhen(Conditionals.notModifiedWhen(head));
  }

  /** Sends {@code status} as {@code Cache-Status} when the filter is set to. */
  static void status(FilterSettings settings, HttpServletResponse response, CacheStatus status) {
    if (settings.cacheStatusHeader) {
      response.setHeader("Cache-Status", status.headerValue());
    }
  }

  /** The {@code Cache-Status} of an answer the cache gave, or {@code null} when it sends none. */
  static CacheStatus hitStatus(FilterSettings settings, CacheResponse answer) {
    if (!settings.cacheStatusHeader) {
      return null;
    }
    if (answer.tier() == CacheResponse.ORIGIN) {
      return CacheStatus.forward(CacheStatus.Forward.MISS);
    }
    if (answer.collapsed()) {
      return CacheStatus.forward(CacheStatus.Forward.MISS).withCollapsed();
    }
    if (answer.revalidated()) {
      return CacheStatus.forward(CacheStatus.Forward.STALE).withForwardStatus(304);
    }
    if (answer.stale() && pastStaleWindow(answer.metadata(), settings)) {
      // Past stale-while-revalidate: only an origin error lets the cache serve it.
      return CacheStatus.forward(CacheStatus.Forward.STALE).withDetail("origin-error");
    }
    return CacheStatus.hit();
  }

  private static boolean pastStaleWindow(Metadata metadata, FilterSettings settings) {
    Duration fresh = metadata.freshFor();
    Duration stale = metadata.staleFor();
    if (fresh == null || stale == null) {
      return false;
    }
    Duration age = Duration.between(metadata.cachedAt(), settings.clock.instant());
    return age.compareTo(fresh.plus(stale)) > 0;
  }

  /** Removes {@code key} from every tier; a failing tier is logged, never the request's error. */
  static void invalidate(FilterSettings settings, String key) {
    settings.passMarks.clear(key);
    try {
      settings.cache.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warn("invalidating a cache entry failed: {}", e.toString());
    }
  }

  /** Tells the listener how a request on {@code route} was answered; its failure is logged. */
  static void report(FilterSettings settings, Route route, CacheResult result, int tier) {
    try {
      settings.listener.onRequest(route.id(), result, tier);
    } catch (RuntimeException e) {
      LOG.warn("cache listener failed: {}", e.toString());
    }
  }

  /** Tells the listener that {@code bytes} of body went out; its failure is logged. */
  static void reportBody(FilterSettings settings, Route route, int tier, long bytes) {
    if (bytes <= 0) {
      return;
    }
    try {
      settings.listener.onBodySent(route.id(), tier, bytes);
    } catch (RuntimeException e) {
      LOG.warn("cache listener failed: {}", e.toString());
    }
  }

  /** Reports an answer of the cache that {@link HitResponder} sent ({@code sent} bytes). */
  static void reportAnswer(FilterSettings settings, Route route, CacheResponse answer,
      boolean originFailed, long sent) {
    int tier = answer.tier() == CacheResponse.ORIGIN ? -1 : answer.tier();
    report(settings, route, result(settings, answer, originFailed), tier);
    reportBody(settings, route, tier, sent);
  }

  private static CacheResult result(FilterSettings settings, CacheResponse answer,
      boolean originFailed) {
    if (answer.tier() == CacheResponse.ORIGIN) {
      return CacheResult.MISS;
    }
    if (answer.collapsed()) {
      return CacheResult.COLLAPSED;
    }
    if (answer.revalidated()) {
      return CacheResult.REVALIDATED;
    }
    if (answer.stale()) {
      return originFailed || pastStaleWindow(answer.metadata(), settings)
          ? CacheResult.STALE_IF_ERROR : CacheResult.STALE;
    }
    return CacheResult.HIT;
  }

  /**
   * Whether a purge covers {@code answer}, an entry a tier holds for {@code path} on
   * {@code route}: the caller then closes it, {@link #invalidate}s the key and asks again.
   */
  static boolean purged(FilterSettings settings, Route route, String path,
      CacheResponse answer) {
    return answer.tier() != CacheResponse.ORIGIN && !answer.collapsed()
        && settings.purges.purged(route.id(), path, answer.metadata().cachedAt());
  }

  static boolean isSuccess(int status) {
    return status >= 200 && status < 400;
  }
}
