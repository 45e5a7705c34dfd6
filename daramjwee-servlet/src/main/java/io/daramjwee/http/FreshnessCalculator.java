package io.daramjwee.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a response about to be stored stays fresh, and how long after that it may be served
 * stale. Stateless and thread-safe; needs no clock, since every input is relative.
 *
 * <p>The route's values are the default: {@code freshFor} ({@code negativeFreshFor} for a negative
 * entry), {@code staleFor}, {@code staleIfError}. When the route respects Cache-Control:
 * <ul>
 *   <li>the origin's freshness lifetime wins (RFC 9111 §4.2.1): {@code s-maxage}, else
 *       {@code max-age}, else {@code Expires} minus {@code Date}; an invalid {@code Expires}
 *       means already expired (§5.3), one without a readable {@code Date} is ignored since the
 *       receipt time is not known here; dates are read in all three HTTP-date forms
 *       (RFC 9110 §5.6.7, {@link HttpDateParser});
 *   <li>{@code no-cache} makes it zero (§5.2.2.4);
 *   <li>{@code stale-while-revalidate} and {@code stale-if-error} (RFC 5861 §3, §4) replace the
 *       route's windows;
 *   <li>{@code must-revalidate} or {@code proxy-revalidate} (§5.2.2.2, §5.2.2.8) close both stale
 *       windows: such a response is never served stale.
 * </ul>
 * This holds for negative entries too: a 404 that says {@code max-age=300} is fresh for 5 min.
 * Each window is at most {@link RouteRules#MAX_WINDOW}, whatever the response says.
 */
public final class FreshnessCalculator {

  private FreshnessCalculator() {}

  /** An entry's freshness lifetime and stale windows, each non-negative. Thread-safe. */
  public record Lifetime(Duration freshFor, Duration staleWhileRevalidate, Duration staleIfError) {
    public Lifetime {
      check("freshFor", freshFor);
      check("staleWhileRevalidate", staleWhileRevalidate);
      check("staleIfError", staleIfError);
    }

    private static void check(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
    }
  }

  /** The lifetime of {@code response} on a route with {@code rules}. */
  public static Lifetime compute(RouteRules rules, ResponseHead response, boolean negative) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(response, "response");
    Duration fresh = negative ? rules.negativeFreshFor() : rules.freshFor();
    Duration swr = rules.staleFor();
    Duration sie = rules.staleIfError();
    if (!rules.respectCacheControl()) {
      return new Lifetime(fresh, swr, sie);
    }
    CacheControl cc = CacheControl.parse(response.headers().all("Cache-Control"));
    Duration origin = originLifetime(cc, response.headers());
    if (origin != null) {
      fresh = origin;
    }
    if (cc.noCache()) {
      fresh = Duration.ZERO;
    }
    if (cc.staleWhileRevalidate() != null) {
      swr = cc.staleWhileRevalidate();
    }
    if (cc.staleIfError() != null) {
      sie = cc.staleIfError();
    }
    if (cc.mustRevalidate() || cc.proxyRevalidate()) {
      swr = Duration.ZERO;
      sie = Duration.ZERO;
    }
    return new Lifetime(capped(fresh), capped(swr), capped(sie));
  }

  /** {@code d}, at most {@link RouteRules#MAX_WINDOW}. */
  private static Duration capped(Duration d) {
    return d.compareTo(RouteRules.MAX_WINDOW) > 0 ? RouteRules.MAX_WINDOW : d;
  }

  /**
   * The freshness lifetime the origin gave a shared cache (RFC 9111 §4.2.1), or {@code null} when
   * it gave none.
   */
  static Duration originLifetime(CacheControl cc, Headers headers) {
    if (cc.sMaxAge() != null) {
      return cc.sMaxAge();
    }
    if (cc.maxAge() != null) {
      return cc.maxAge();
    }
    String expires = headers.first("Expires");
    if (expires == null) {
      return null;
    }
    Instant expiresAt = HttpDateParser.parse(expires);
    if (expiresAt == null) {
      return Duration.ZERO;
    }
    Instant dateAt = HttpDateParser.parse(headers.first("Date"));
    if (dateAt == null) {
      return null;
    }
    Duration d = Duration.between(dateAt, expiresAt);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
