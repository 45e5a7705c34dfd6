package io.daramjwee.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How long a response about to be stored stays fresh, and how long after that it may be served
 * stale. Stateless and thread-safe; needs no clock: every input is relative, or read from the
 * response's own {@code Date}, for which a caller may pass the time it received the response.
 *
 * <p>The directives are those {@code ResponseDirectives} picks: a targeted field (RFC 9213) when
 * there is a valid one, else {@code Cache-Control}. The route's values are the default:
 * {@code freshFor} ({@code negativeFreshFor} for a negative entry), {@code staleFor},
 * {@code staleIfError}. When the route respects Cache-Control:
 * <ul>
 *   <li>the origin's explicit freshness lifetime wins (RFC 9111 §4.2.1): {@code s-maxage}, else
 *       {@code max-age}, else {@code Expires} minus {@code Date} (not with a targeted field,
 *       which replaces {@code Expires} too, RFC 9213 §2.2); an invalid {@code Expires} means
 *       already expired (§5.3); without a {@code Date}, the time received stands in for it
 *       (RFC 9110 §6.6.1), and when that is not known either {@code Expires} is ignored; dates
 *       are read in all three HTTP-date forms, in any case ({@link HttpDateParser});
 *   <li>without explicit freshness, the route's {@code freshFor} is this cache's heuristic
 *       (§4.2.2); when it is zero, the heuristic is 10% of the time between {@code Last-Modified}
 *       and {@code Date} (or the time received), at most
 *       {@link RouteRules#maxHeuristicFreshness()}, as §4.2.2 suggests; without a readable
 *       {@code Last-Modified} there is no heuristic and the lifetime stays zero;
 *   <li>{@code no-cache} (§5.2.2.4) makes the lifetime zero and closes both stale windows, the
 *       response's own included: it must be validated before every reuse, and the engine
 *       revalidates an expired entry with its validators, so a 304 renews it;
 *   <li>an explicit lifetime of zero ({@code max-age=0}, an {@code Expires} not after
 *       {@code Date}) keeps only the stale windows the response grants itself: the origin said
 *       it is stale at once, and the route's own windows are no permission to serve it stale
 *       (§4.2.4);
 *   <li>{@code stale-while-revalidate} and {@code stale-if-error} (RFC 5861 §3, §4) replace the
 *       route's windows.
 * </ul>
 * {@code must-revalidate} or {@code proxy-revalidate} (§5.2.2.2, §5.2.2.8) close both stale
 * windows even when the route does not respect Cache-Control: such a response is never served
 * stale, stale-if-error included. A route that ignores Cache-Control chooses how long content
 * stays fresh; that is no licence to break a rule the origin set for correctness (§4.2.4: a
 * cache "MUST NOT generate a stale response if it is prohibited by an explicit in-protocol
 * directive"), just as {@code no-store} and {@code private} hold on every route.
 *
 * <p>This holds for negative entries too: a 404 that says {@code max-age=300} is fresh for
 * 5 min. Each window is at most {@link RouteRules#MAX_WINDOW}, whatever the response says.
 */
public final class FreshnessCalculator {

  /** The heuristic lifetime is a tenth of the time since {@code Last-Modified} (§4.2.2). */
  private static final long HEURISTIC_DIVISOR = 10;

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

    /** Whether the entry is stale at once and may never be served stale. */
    public boolean isZero() {
      return freshFor.isZero() && staleWhileRevalidate.isZero() && staleIfError.isZero();
    }
  }

  /**
   * The lifetime of {@code response} on a route with {@code rules}, when the time it was received
   * is not known: a response without {@code Date} then has no {@code Expires} lifetime and no
   * heuristic one.
   */
  public static Lifetime compute(RouteRules rules, ResponseHead response, boolean negative) {
    return compute(rules, response, negative, null);
  }

  /**
   * The lifetime of {@code response} on a route with {@code rules}.
   *
   * @param receivedAt when the response was received, standing in for a missing {@code Date}
   *     (RFC 9110 §6.6.1); {@code null} when not known
   */
  public static Lifetime compute(RouteRules rules, ResponseHead response, boolean negative,
      Instant receivedAt) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(response, "response");
    Headers headers = response.headers();
    ResponseDirectives directives = ResponseDirectives.of(rules, headers);
    CacheControl cc = directives.directives();
    Duration fresh = negative ? rules.negativeFreshFor() : rules.freshFor();
    Duration swr = rules.staleFor();
    Duration sie = rules.staleIfError();
    if (rules.respectCacheControl()) {
      Duration explicit = explicitLifetime(directives, headers, receivedAt);
      if (explicit != null) {
        fresh = explicit;
        if (explicit.isZero()) {
          swr = Duration.ZERO; // stale at once: only the response's own windows, below
          sie = Duration.ZERO;
        }
      } else if (fresh.isZero()) {
        fresh = heuristic(rules, headers, receivedAt);
      }
      if (cc.staleWhileRevalidate() != null) {
        swr = cc.staleWhileRevalidate();
      }
      if (cc.staleIfError() != null) {
        sie = cc.staleIfError();
      }
      if (cc.noCache()) {
        return new Lifetime(Duration.ZERO, Duration.ZERO, Duration.ZERO);
      }
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
  static Duration explicitLifetime(ResponseDirectives directives, Headers headers,
      Instant receivedAt) {
    CacheControl cc = directives.directives();
    if (cc.sMaxAge() != null) {
      return cc.sMaxAge();
    }
    if (cc.maxAge() != null) {
      return cc.maxAge();
    }
    if (directives.targeted()) {
      return null;
    }
    String expires = headers.first("Expires");
    if (expires == null) {
      return null;
    }
    Instant dateAt = date(headers, receivedAt);
    Instant expiresAt = parse(expires, dateAt);
    if (expiresAt == null) {
      return Duration.ZERO; // §5.3: an invalid date, such as "0", means already expired
    }
    if (dateAt == null) {
      return null;
    }
    Duration d = Duration.between(dateAt, expiresAt);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Whether {@code headers} carry explicit freshness (RFC 9111 §3: a reason to store). */
  static boolean hasExplicitLifetime(ResponseDirectives directives, Headers headers) {
    CacheControl cc = directives.directives();
    return cc.sMaxAge() != null || cc.maxAge() != null
        || !directives.targeted() && headers.contains("Expires");
  }

  /**
   * RFC 9111 §4.2.2: 10% of the time since {@code Last-Modified}, at most the route's bound; zero
   * without a readable {@code Last-Modified} or a time to measure from.
   */
  private static Duration heuristic(RouteRules rules, Headers headers, Instant receivedAt) {
    Instant dateAt = date(headers, receivedAt);
    if (dateAt == null) {
      return Duration.ZERO;
    }
    Instant modified = parse(headers.first("Last-Modified"), dateAt);
    if (modified == null || !modified.isBefore(dateAt)) {
      return Duration.ZERO;
    }
    Duration lifetime = Duration.between(modified, dateAt).dividedBy(HEURISTIC_DIVISOR)
        .truncatedTo(ChronoUnit.SECONDS);
    Duration max = rules.maxHeuristicFreshness();
    return lifetime.compareTo(max) > 0 ? max : lifetime;
  }

  /** The response's {@code Date}, else {@code receivedAt} (RFC 9110 §6.6.1), else null. */
  private static Instant date(Headers headers, Instant receivedAt) {
    Instant date = parse(headers.first("Date"), receivedAt);
    return date != null ? date : receivedAt;
  }

  /** An HTTP-date, two-digit years read against {@code reference} when it is known. */
  private static Instant parse(String value, Instant reference) {
    return reference != null ? HttpDateParser.parse(value, reference)
        : HttpDateParser.parse(value);
  }
}
