package io.daramjwee.http;

import java.util.List;
import java.util.Objects;

/**
 * Whether a request may use the cache at all, decided from the request head and the route alone
 * (before any lookup). Stateless and thread-safe.
 *
 * <p>In order, the first that applies:
 * <ol>
 *   <li>a method other than GET or HEAD bypasses (methods are case-sensitive, RFC 9110 §9.1; only
 *       GET and HEAD responses are reused, RFC 9111 §4);
 *   <li>{@code Authorization} bypasses unless the route allows it: a shared cache must not reuse
 *       such a response for another user without the origin's explicit permission
 *       (RFC 9111 §3.5), which a route gives on purpose;
 *   <li>{@code Cache-Control: no-store} bypasses (RFC 9111 §5.2.1.5); always, whatever
 *       {@link RouteRules#respectCacheControl()} says, since it guards the client's privacy;
 *   <li>{@code Cache-Control: no-cache} or {@code max-age=0}, or {@code Pragma: no-cache} when no
 *       {@code Cache-Control} is present (RFC 9111 §5.4), asks to revalidate (RFC 9111 §5.2.1.1,
 *       §5.2.1.4); honoured only when the route sets
 *       {@link RouteRules#honorRequestCacheControl()} (off by default, so a browser's reload
 *       cannot force origin traffic through a shared cache). {@link RequestFreshness} holds the
 *       rule, and the tests it gives the engine ({@code CacheRequest.requiring}) are what make a
 *       stored entry be revalidated;
 *   <li>otherwise look up, and fill on a miss.
 * </ol>
 * {@code only-if-cached} looks up like any request here; the flows answer it from the cache
 * alone ({@link RequestFreshness#onlyIfCached(RequestHead)}).
 */
public final class RequestPolicy {

  private RequestPolicy() {}

  /** What to do with the request. */
  public enum Action {
    /** Serve from the cache, or fill it on a miss. */
    LOOKUP,
    /** Use the cache, but a stored entry must be revalidated with the origin before serving. */
    REVALIDATE,
    /** Go to the origin; neither read nor write the cache. */
    BYPASS
  }

  /** Why a request bypasses the cache. */
  public enum Reason {
    METHOD,
    AUTHORIZATION,
    NO_STORE
  }

  /** An action and, for {@link Action#BYPASS} only, its reason. */
  public record Decision(Action action, Reason reason) {
    public static final Decision LOOKUP = new Decision(Action.LOOKUP, null);
    public static final Decision REVALIDATE = new Decision(Action.REVALIDATE, null);

    public Decision {
      Objects.requireNonNull(action, "action");
      if ((action == Action.BYPASS) != (reason != null)) {
        throw new IllegalArgumentException("a reason goes with BYPASS only: " + action + ", "
            + reason);
      }
    }

    public static Decision bypass(Reason reason) {
      return new Decision(Action.BYPASS, Objects.requireNonNull(reason, "reason"));
    }
  }

  /** The decision for {@code request} on a route with {@code rules}. */
  public static Decision decide(RouteRules rules, RequestHead request) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(request, "request");
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return Decision.bypass(Reason.METHOD);
    }
    Headers headers = request.headers();
    if (!rules.allowAuthorization() && headers.contains("Authorization")) {
      return Decision.bypass(Reason.AUTHORIZATION);
    }
    List<String> cacheControl = headers.all("Cache-Control");
    CacheControl cc = CacheControl.parse(cacheControl);
    if (cc.noStore()) {
      return Decision.bypass(Reason.NO_STORE);
    }
    if (RequestFreshness.of(rules, cc, headers).revalidates()) {
      return Decision.REVALIDATE;
    }
    return Decision.LOOKUP;
  }
}
