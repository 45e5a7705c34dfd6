package io.daramjwee.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a response may be stored, decided when its head is known (before the body streams).
 * Stateless and thread-safe.
 *
 * <p>In order, the first that applies refuses storage (RFC 9111 §3 lists what a shared cache
 * needs; the route's safe defaults add to it, DESIGN.md §5):
 * <ol>
 *   <li>{@link Reason#METHOD}: the request was not a GET. A HEAD response has no body, so it
 *       cannot fill the entry HEAD and GET share;
 *   <li>{@link Reason#STATUS}: the status is not one of the route's storable statuses;
 *   <li>{@link Reason#NO_STORE}: {@code no-store} in the request or the response (§5.2.1.5,
 *       §5.2.2.5);
 *   <li>{@link Reason#PRIVATE}: {@code private}, qualified or not (§5.2.2.7);
 *   <li>{@link Reason#SET_COOKIE}: a {@code Set-Cookie} would be replayed to other users;
 *   <li>{@link Reason#VARY_STAR}: {@code Vary: *} never matches a later request (§4.1);
 *   <li>{@link Reason#TOO_LARGE}: a declared {@code Content-Length} above the route's maximum
 *       (an undeclared or unreadable length is checked while streaming instead);
 *   <li>only when the route respects Cache-Control: {@link Reason#NO_CACHE} for a response
 *       {@code no-cache} (§5.2.2.4: never reused without validation, and this cache revalidates
 *       only in the background while serving), and {@link Reason#ZERO_LIFETIME} when the
 *       response's freshness lifetime is zero ({@code s-maxage}, else {@code max-age}, else
 *       {@code Expires} minus {@code Date}, is 0 or invalid: see {@link FreshnessCalculator})
 *       and the response grants no stale window of its own, or forbids one with
 *       {@code must-revalidate}/{@code proxy-revalidate} (§5.2.2.2, §5.2.2.8). The route's own
 *       stale windows do not rescue such an entry: the origin said it is stale at once and
 *       gave no permission to serve it stale, and the route chose to respect that.
 * </ol>
 * {@code no-store}, {@code private} and {@code Set-Cookie} are honoured even when the route does
 * not respect Cache-Control: they protect users, not freshness. A storable 404 or 410 is stored
 * as a negative entry.
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

  /** Why a response is not stored. */
  public enum Reason {
    METHOD,
    STATUS,
    NO_STORE,
    PRIVATE,
    SET_COOKIE,
    VARY_STAR,
    TOO_LARGE,
    NO_CACHE,
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
    if (!rules.storableStatuses().contains(response.status())) {
      return Decision.dontStore(Reason.STATUS);
    }
    Headers headers = response.headers();
    CacheControl cc = CacheControl.parse(headers.all("Cache-Control"));
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
    if (rules.respectCacheControl()) {
      if (cc.noCache()) {
        return Decision.dontStore(Reason.NO_CACHE);
      }
      Duration lifetime = FreshnessCalculator.originLifetime(cc, headers);
      boolean staleAllowed = (cc.staleWhileRevalidate() != null || cc.staleIfError() != null)
          && !cc.mustRevalidate() && !cc.proxyRevalidate();
      if (Duration.ZERO.equals(lifetime) && !staleAllowed) {
        return Decision.dontStore(Reason.ZERO_LIFETIME);
      }
    }
    int status = response.status();
    return status == 404 || status == 410 ? Decision.STORE_NEGATIVE : Decision.STORE;
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
