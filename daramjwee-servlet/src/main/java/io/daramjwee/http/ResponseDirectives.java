package io.daramjwee.http;

import java.util.Objects;

/**
 * The cache directives this cache obeys for one response: those of a targeted cache-control
 * field (RFC 9213) when the response carries a valid one, else those of {@code Cache-Control}.
 * {@link StoragePolicy} and {@link FreshnessCalculator} read the directives only through this, so
 * they always agree on which field spoke. Immutable and thread-safe.
 *
 * <p>This cache's target list (RFC 9213 §2.2), in order: the route's own field
 * ({@link RouteRules#targetedCacheControl()}, {@code Daramjwee-Cache-Control} by default), then
 * {@code CDN-Cache-Control} (§3: this cache usually sits where a CDN would, in front of an
 * application). The first of them whose value holds a directive wins; an absent, empty or
 * unreadable one is skipped (§2.1), and {@link CacheControl#parseTargeted} says how leniently a
 * value is read.
 *
 * <p>When a targeted field wins, §2.2 says the cache "MUST ignore" {@code Cache-Control} and
 * {@code Expires}, and this cache does, entirely: {@code Cache-Control: no-store} or
 * {@code private} beside {@code CDN-Cache-Control: max-age=600} is stored for ten minutes. That is
 * the field's purpose (the origin tells browsers and other shared caches one thing and the cache
 * it operates another), only the origin can send it, and a targeted field may say
 * {@code no-store} or {@code private} itself, which is then honoured like in
 * {@code Cache-Control}. {@code Set-Cookie} and {@code Authorization} are not cache directives
 * and keep their safe defaults whatever field spoke. Both fields pass through to the client
 * unchanged: {@code Cache-Control} is the browser's, and a downstream cache may target
 * {@code CDN-Cache-Control} too.
 *
 * @param directives the directives that apply
 * @param field the field they came from: {@code Cache-Control} or the targeted field's name as
 *     configured
 */
record ResponseDirectives(CacheControl directives, String field) {

  /** The targeted field every CDN-like cache answers to (RFC 9213 §3). */
  static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

  /** The field whose directives apply when no targeted field speaks. */
  static final String CACHE_CONTROL = "Cache-Control";

  ResponseDirectives {
    Objects.requireNonNull(directives, "directives");
    Objects.requireNonNull(field, "field");
  }

  /** The directives of {@code headers} for this cache, on a route with {@code rules}. */
  static ResponseDirectives of(RouteRules rules, Headers headers) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(headers, "headers");
    String own = rules.targetedCacheControl();
    if (!own.equalsIgnoreCase(CACHE_CONTROL)) {
      CacheControl targeted = CacheControl.parseTargeted(headers.all(own));
      if (targeted != null) {
        return new ResponseDirectives(targeted, own);
      }
    }
    if (!own.equalsIgnoreCase(CDN_CACHE_CONTROL)) {
      CacheControl cdn = CacheControl.parseTargeted(headers.all(CDN_CACHE_CONTROL));
      if (cdn != null) {
        return new ResponseDirectives(cdn, CDN_CACHE_CONTROL);
      }
    }
    return new ResponseDirectives(CacheControl.parse(headers.all(CACHE_CONTROL)), CACHE_CONTROL);
  }

  /**
   * Whether a targeted field spoke, so {@code Expires} is ignored too (RFC 9213 §2.2): its
   * freshness comes from its own {@code s-maxage}/{@code max-age}, or the heuristic.
   */
  boolean targeted() {
    return !field.equals(CACHE_CONTROL);
  }
}
