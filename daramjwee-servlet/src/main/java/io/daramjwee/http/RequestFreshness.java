package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a request's own {@code Cache-Control} asks of a stored response (RFC 9111 §5.2.1), as
 * tests of an entry's {@link Metadata} at a given instant, for the engine's
 * {@code CacheRequest.requiring} and {@code allowingStale}. Pure: no clock of its own, no I/O.
 * Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@code only-if-cached} (§5.2.1.7) is always honoured: it can only keep traffic from the
 *       origin, never add to it;
 *   <li>{@code no-cache} (§5.2.1.4, and {@code Pragma: no-cache} without {@code Cache-Control},
 *       §5.4) and {@code max-age=0}: every stored entry is revalidated before it is served;
 *   <li>{@code max-age=N} (§5.2.1.1): an entry older than N seconds is revalidated; its age is the
 *       {@code Age} it was stored with plus the time since ({@link ResponseEntries#initialAge},
 *       §4.2.3);
 *   <li>{@code min-fresh=N} (§5.2.1.3): an entry fresh for less than N more seconds is
 *       revalidated (so is any stale one);
 *   <li>{@code max-stale[=N]} (§5.2.1.2): an expired entry at most N seconds past its freshness
 *       (any, without N) is served stale, its refresh scheduled, unless the stored response
 *       forbids serving it stale: {@code must-revalidate}, {@code proxy-revalidate},
 *       {@code s-maxage} (which implies proxy-revalidate for a shared cache, §5.2.2.10) or
 *       {@code no-cache}, in {@code Cache-Control} or a targeted field (RFC 9213).
 * </ul>
 *
 * All but {@code only-if-cached} only when the route sets
 * {@link RouteRules#honorRequestCacheControl()}: by default a browser's reload ({@code max-age=0}
 * or {@code no-cache}) cannot force origin traffic through a shared cache, nor can one client make
 * it serve others older content, so the route's lifetimes are the only ones that count.
 * {@code max-age=0} revalidates even an entry stored this very instant: that is what a reload
 * means, though a zero age would satisfy the letter of §5.2.1.1. A directive whose argument is
 * not delta-seconds ({@code min-fresh=soon}) is ignored; {@code max-age} is read as
 * {@link CacheControl} reads it.
 */
public final class RequestFreshness {

  /** Asks nothing: no directive, or none the route honours. */
  private static final RequestFreshness NONE =
      new RequestFreshness(false, false, null, null, false, null, null);
  private static final RequestFreshness ONLY_IF_CACHED =
      new RequestFreshness(true, false, null, null, false, null, null);

  private final boolean onlyIfCached;
  private final boolean noCache;
  private final Duration maxAge;
  private final Duration minFresh;
  private final boolean maxStale;
  private final Duration maxStaleLimit; // null with maxStale: any staleness
  private final String targetedField; // the route's own targeted field, read with max-stale

  private RequestFreshness(boolean onlyIfCached, boolean noCache, Duration maxAge,
      Duration minFresh, boolean maxStale, Duration maxStaleLimit, String targetedField) {
    this.onlyIfCached = onlyIfCached;
    this.noCache = noCache;
    this.maxAge = maxAge;
    this.minFresh = minFresh;
    this.maxStale = maxStale;
    this.maxStaleLimit = maxStaleLimit;
    this.targetedField = targetedField;
  }

  /** What {@code request} asks on a route with {@code rules}. */
  public static RequestFreshness of(RouteRules rules, RequestHead request) {
    Objects.requireNonNull(rules, "rules");
    Headers headers = request.headers();
    List<String> cacheControl = headers.all("Cache-Control");
    if (cacheControl.isEmpty() && !headers.contains("Pragma")) {
      return NONE; // the common request: nothing parsed, nothing allocated
    }
    return of(rules, CacheControl.parse(cacheControl), headers);
  }

  /**
   * What a request with directives {@code cc} (of its {@code headers}) asks on {@code rules}; for
   * {@link RequestPolicy}, which has parsed them already.
   */
  static RequestFreshness of(RouteRules rules, CacheControl cc, Headers headers) {
    boolean onlyIfCached = cc.onlyIfCached();
    if (!rules.honorRequestCacheControl()) {
      return onlyIfCached ? ONLY_IF_CACHED : NONE;
    }
    boolean noCache = cc.noCache()
        || headers.all("Cache-Control").isEmpty() && pragmaNoCache(headers);
    String maxStale = cc.extensions().get("max-stale");
    boolean hasMaxStale = cc.extensions().containsKey("max-stale");
    Duration maxStaleLimit = maxStale == null ? null : CacheControl.deltaSeconds(maxStale);
    if (hasMaxStale && maxStale != null && maxStaleLimit == null) {
      hasMaxStale = false; // max-stale=x: not delta-seconds, ignored rather than read as "any"
    }
    Duration minFresh = CacheControl.deltaSeconds(cc.extensions().get("min-fresh"));
    if (!onlyIfCached && !noCache && cc.maxAge() == null && minFresh == null && !hasMaxStale) {
      return NONE;
    }
    return new RequestFreshness(onlyIfCached, noCache, cc.maxAge(), minFresh, hasMaxStale,
        maxStaleLimit, rules.targetedCacheControl());
  }

  /** Whether the request is {@code Cache-Control: only-if-cached}, honoured on every route. */
  public static boolean onlyIfCached(RequestHead request) {
    List<String> cacheControl = request.headers().all("Cache-Control");
    return !cacheControl.isEmpty() && CacheControl.parse(cacheControl).onlyIfCached();
  }

  /** Whether the request wants only a stored response: never the origin (§5.2.1.7). */
  public boolean onlyIfCached() {
    return onlyIfCached;
  }

  /** Whether every stored entry must be revalidated first: {@code no-cache} or {@code max-age=0}. */
  public boolean revalidates() {
    return noCache || Duration.ZERO.equals(maxAge);
  }

  /** Whether the request refuses some servable entries ({@link #acceptable}). */
  public boolean constrains() {
    return noCache || maxAge != null || minFresh != null;
  }

  /** Whether the request accepts some expired entries ({@link #acceptableStale}). */
  public boolean acceptsStale() {
    return maxStale;
  }

  /**
   * Whether an entry the cache would serve (fresh, or stale inside its window) may be served to
   * this request at {@code now}; when not, it is revalidated.
   */
  public boolean acceptable(Metadata entry, Instant now) {
    if (revalidates()) {
      return false;
    }
    Duration resident = resident(entry, now);
    if (maxAge != null
        && resident.plusSeconds(ResponseEntries.initialAge(entry)).compareTo(maxAge) > 0) {
      return false;
    }
    return minFresh == null || freshFor(entry).minus(resident).compareTo(minFresh) >= 0;
  }

  /**
   * Whether an expired entry may be served stale to this request at {@code now}: inside its
   * {@code max-stale}, acceptable otherwise ({@link #acceptable}), and not forbidden by the
   * stored response.
   */
  public boolean acceptableStale(Metadata entry, Instant now) {
    if (!maxStale || !acceptable(entry, now)) {
      return false;
    }
    Duration staleness = resident(entry, now).minus(freshFor(entry));
    if (maxStaleLimit != null && staleness.compareTo(maxStaleLimit) > 0) {
      return false;
    }
    return !mustRevalidate(entry);
  }

  /** The time since the entry was stored, never negative (a clock stepping back gives zero). */
  private static Duration resident(Metadata entry, Instant now) {
    Duration d = Duration.between(entry.cachedAt(), now);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The entry's freshness from when it was stored; zero when it carries none of its own. */
  private static Duration freshFor(Metadata entry) {
    return entry.freshFor() != null ? entry.freshFor() : Duration.ZERO;
  }

  /**
   * Whether the stored response forbids serving it stale to a shared cache, in any of the fields
   * that may govern this cache: {@code Cache-Control}, {@code CDN-Cache-Control} and the route's
   * own targeted field. Any of them saying so is enough; which one takes precedence cannot make a
   * stale answer safer.
   */
  private boolean mustRevalidate(Metadata entry) {
    Headers stored;
    try {
      stored = StoredResponse.decode(entry).headers();
    } catch (IllegalArgumentException e) {
      return true; // not a stored response: nothing says it may be served stale
    }
    for (Headers.Field field : stored.fields()) {
      String name = field.name();
      if (name.equalsIgnoreCase("Cache-Control") || name.equalsIgnoreCase("CDN-Cache-Control")
          || name.equalsIgnoreCase(targetedField)) {
        CacheControl cc = CacheControl.parse(List.of(field.value()));
        if (cc.mustRevalidate() || cc.proxyRevalidate() || cc.sMaxAge() != null
            || cc.noCache()) {
          return true;
        }
      }
    }
    return false;
  }

  /** RFC 9111 §5.4: {@code Pragma: no-cache} counts only without {@code Cache-Control}. */
  private static boolean pragmaNoCache(Headers headers) {
    for (String value : headers.all("Pragma")) {
      for (String directive : value.split(",")) {
        if (directive.trim().equalsIgnoreCase("no-cache")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "RequestFreshness{onlyIfCached=" + onlyIfCached + ", noCache=" + noCache
        + ", maxAge=" + maxAge + ", minFresh=" + minFresh + ", maxStale="
        + (maxStale ? maxStaleLimit == null ? "any" : maxStaleLimit : "no") + "}";
  }
}
