package io.daramjwee.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Whether a response may be stored, decided when its head is known (before the body streams).
 * Stateless and thread-safe.
 *
 * <p>The directives read are those {@code ResponseDirectives} picks: a valid targeted field
 * (RFC 9213: the route's own, then {@code CDN-Cache-Control}) in place of {@code Cache-Control}.
 * In order, the first that applies refuses storage (RFC 9111 §3 lists what a shared cache needs;
 * the route's safe defaults add to it, DESIGN.md §5):
 * <ol>
 *   <li>{@link Reason#METHOD}: the request was not a GET. A HEAD response has no body, so it
 *       cannot fill the entry HEAD and GET share;
 *   <li>{@link Reason#STATUS}, whatever the response or the route says, for a status this cache
 *       never stores: 1xx (not final), 206 (partial content: this cache stores whole bodies and
 *       answers ranges from them), 304 (a validation answer; it renews an entry, see
 *       {@link ResponseEntries#renewed}), any 5xx (the origin failing: the engine lets a stale
 *       entry stand in for it, stale-if-error, and a stored error would push a good entry out
 *       for its whole lifetime; RFC 9111 §3 allows but never requires storing one), and anything
 *       outside 200..599 (RFC 9110 §15: not a valid status);
 *   <li>{@link Reason#STATUS} for a status that is not heuristically cacheable
 *       ({@link RouteRules#storableStatuses()}) on a response that gives neither explicit
 *       freshness ({@code s-maxage}, {@code max-age}, {@code Expires}) nor {@code public}
 *       (§3: "contains ... a public response directive ... an Expires header field ... a max-age
 *       response directive ... a s-maxage response directive ... a status code that is defined
 *       as heuristically cacheable"). On a route that does not respect Cache-Control the route's
 *       statuses are the whole list: it ignores the response's freshness, so that freshness
 *       cannot make a status storable either;
 *   <li>{@link Reason#NO_STORE}: {@code no-store} in the request or the response (§5.2.1.5,
 *       §5.2.2.5);
 *   <li>{@link Reason#PRIVATE}: {@code private}, qualified or not (§5.2.2.7);
 *   <li>{@link Reason#SET_COOKIE}: a {@code Set-Cookie} would be replayed to other users;
 *   <li>{@link Reason#VARY_STAR}: {@code Vary: *} never matches a later request (§4.1);
 *   <li>{@link Reason#TOO_LARGE}: a declared {@code Content-Length} above the route's maximum
 *       (an undeclared or unreadable length is checked while streaming instead);
 *   <li>{@link Reason#NO_CACHE} or {@link Reason#ZERO_LIFETIME}: the entry would be stale at
 *       once with no stale window ({@link FreshnessCalculator.Lifetime#isZero()}: {@code no-cache},
 *       {@code max-age=0}, an expired {@code Expires}, no heuristic) and the origin gave it no
 *       validator, neither an {@code ETag} nor a readable {@code Last-Modified}. Every reuse of
 *       such an entry must go to the origin (§4.2.4, §5.2.2.4), and without a validator that
 *       trip fetches it whole, so storing it buys nothing. With a validator it is stored: the
 *       engine revalidates an expired entry with {@code If-None-Match}/{@code If-Modified-Since},
 *       and a 304 renews it without a body. {@link Reason#NO_CACHE} when it is
 *       {@code no-cache} that made the lifetime zero.
 * </ol>
 * {@code no-store}, {@code private} and {@code Set-Cookie} are honoured even when the route does
 * not respect Cache-Control: they protect users, not freshness. A stored 404 or 410 is a
 * negative entry (its default freshness is the route's negative one); any other stored status is
 * a plain entry.
 */
public final class StoragePolicy {

  private StoragePolicy() {}

  /** What to do with the response. */
  public enum Action {
    STORE,
    /** Store as a negative entry, with the negative freshness. */
    STORE_NEGATIVE,
    DONT_STORE
  }

  /** Why a response is not stored; see the class comment for each. */
  public enum Reason {
    METHOD,
    STATUS,
    NO_STORE,
    PRIVATE,
    SET_COOKIE,
    VARY_STAR,
    TOO_LARGE,
    /** {@code no-cache} without a validator: every reuse would fetch it whole. */
    NO_CACHE,
    /** Stale at once, no stale window and no validator: every reuse would fetch it whole. */
    ZERO_LIFETIME
  }

  /** An action and, for {@link Action#DONT_STORE} only, its reason. */
  public record Decision(Action action, Reason reason) {
    public static final Decision STORE = new Decision(Action.STORE, null);
    public static final Decision STORE_NEGATIVE = new Decision(Action.STORE_NEGATIVE, null);

    public Decision {
      Objects.requireNonNull(action, "action");
      if ((action == Action.DONT_STORE) != (reason != null)) {
        throw new IllegalArgumentException("a reason goes with DONT_STORE only: " + action + ", "
            + reason);
      }
    }

    public static Decision dontStore(Reason reason) {
      return new Decision(Action.DONT_STORE, Objects.requireNonNull(reason, "reason"));
    }
  }

  /** The decision for {@code response} to {@code request} on a route with {@code rules}. */
  public static Decision decide(RouteRules rules, RequestHead request, ResponseHead response) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(response, "response");
    if (!request.method().equals("GET")) {
      return Decision.dontStore(Reason.METHOD);
    }
    int status = response.status();
    if (neverStored(status)) {
      return Decision.dontStore(Reason.STATUS);
    }
    Headers headers = response.headers();
    ResponseDirectives directives = ResponseDirectives.of(rules, headers);
    CacheControl cc = directives.directives();
    if (!rules.storableStatuses().contains(status) && !(rules.respectCacheControl()
        && (cc.isPublic() || FreshnessCalculator.hasExplicitLifetime(directives, headers)))) {
      return Decision.dontStore(Reason.STATUS);
    }
    if (cc.noStore() || CacheControl.parse(request.headers().all("Cache-Control")).noStore()) {
      return Decision.dontStore(Reason.NO_STORE);
    }
    if (cc.isPrivate()) {
      return Decision.dontStore(Reason.PRIVATE);
    }
    if (headers.contains("Set-Cookie")) {
      return Decision.dontStore(Reason.SET_COOKIE);
    }
    if (varyStar(headers)) {
      return Decision.dontStore(Reason.VARY_STAR);
    }
    if (contentLength(headers) > rules.maxObjectSize()) {
      return Decision.dontStore(Reason.TOO_LARGE);
    }
    boolean negative = status == 404 || status == 410;
    if (FreshnessCalculator.compute(rules, response, negative).isZero()
        && !hasOriginValidator(headers)) {
      return Decision.dontStore(rules.respectCacheControl() && cc.noCache() ? Reason.NO_CACHE
          : Reason.ZERO_LIFETIME);
    }
    return negative ? Decision.STORE_NEGATIVE : Decision.STORE;
  }

  /**
   * The refusal {@link #decide} reaches, told before the response's head is copied when the
   * status and the first {@code Cache-Control} value are enough: a request that is not a GET, a
   * status never stored, or {@code no-store} in that value on a status the route stores (no
   * other value can take a {@code no-store} back, and no check before it would refuse for
   * another reason). Null when the whole head is needed: any other response, or one with a
   * targeted field (RFC 9213), whose directives may replace {@code Cache-Control}. Lets a miss
   * refuse the commonest uncacheable responses without copying their fields.
   *
   * @param firstValue the first value of a response field by name, or null when it is absent
   */
  public static Decision refusal(RouteRules rules, RequestHead request, int status,
      Function<String, String> firstValue) {
    if (!request.method().equals("GET")) {
      return Decision.dontStore(Reason.METHOD);
    }
    if (neverStored(status)) {
      return Decision.dontStore(Reason.STATUS);
    }
    String own = rules.targetedCacheControl();
    if (!rules.storableStatuses().contains(status)
        || !own.equalsIgnoreCase(ResponseDirectives.CACHE_CONTROL) && firstValue.apply(own) != null
        || firstValue.apply(ResponseDirectives.CDN_CACHE_CONTROL) != null) {
      return null;
    }
    String cacheControl = firstValue.apply(ResponseDirectives.CACHE_CONTROL);
    return cacheControl != null && CacheControl.parse(List.of(cacheControl)).noStore()
        ? Decision.dontStore(Reason.NO_STORE) : null;
  }

  /** Statuses no response can make storable; see the class comment. */
  static boolean neverStored(int status) {
    return status < 200 || status > 499 || status == 206 || status == 304;
  }

  /**
   * Whether the origin gave the response a validator a conditional request can use: an
   * {@code ETag}, or a {@code Last-Modified} that is an HTTP-date. An entity-tag this cache
   * computes from the body does not count: the origin cannot match it.
   */
  static boolean hasOriginValidator(Headers headers) {
    String etag = headers.first("ETag");
    return etag != null && !etag.isBlank()
        || HttpDateParser.parse(headers.first("Last-Modified")) != null;
  }

  private static boolean varyStar(Headers headers) {
    for (String value : headers.all("Vary")) {
      for (String name : value.split(",")) {
        if (name.trim().equals("*")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first {@code Content-Length} (RFC 9110 §8.6), saturating; -1 if absent or not digits. */
  static long contentLength(Headers headers) {
    String value = headers.first("Content-Length");
    if (value == null) {
      return -1;
    }
    value = value.trim();
    if (value.isEmpty()) {
      return -1;
    }
    long length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      length = length > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : length * 10 + (c - '0');
    }
    return length;
  }
}
