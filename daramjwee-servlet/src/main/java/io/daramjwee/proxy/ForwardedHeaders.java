package io.daramjwee.proxy;

import io.daramjwee.Metadata;
import io.daramjwee.http.Headers;
import io.daramjwee.http.HopByHop;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.RouteRules.ForwardHeaders;
import io.daramjwee.http.StoredResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which request header fields go upstream. Stateless and thread-safe.
 *
 * <p>A cache fetch is made for everybody: its response is stored and served to later clients, so
 * a field that reaches the upstream but is not part of the cache key (an "unkeyed" field) can
 * change what everybody gets. How much a fetch forwards is the route's choice
 * ({@link RouteRules#forwardHeaders()}):
 * <ul>
 *   <li>{@link ForwardHeaders#ALL}, the default: every end-to-end field of the client's request,
 *       as a reverse proxy forwards it, so an upstream that needs an API key, {@code Accept}, a
 *       tracing field or any custom field gets it; the response's {@code Vary} then names the
 *       fields that select a stored variant (RFC 9111 §4.1). An upstream that changes its answer
 *       on a field without saying so in {@code Vary} poisons its own entry: that is the price of
 *       transparency, and why {@link ForwardHeaders#KEYED} exists.
 *   <li>{@link ForwardHeaders#KEYED}: an allowlist, only the route's vary fields (and
 *       {@code Authorization} where allowed), so nothing unkeyed can change what is stored.
 *       Not even {@code Accept} or {@code Accept-Language}: many upstreams negotiate on them
 *       without sending {@code Vary} (Spring's locale resolver does).
 * </ul>
 *
 * <p>Either way, never: hop-by-hop fields (RFC 9110 §7.6.1, including {@code Proxy-Authorization}
 * and whatever {@code Connection} names), and the fields of {@link #NEVER_FETCHED}: framing
 * ({@code Host} must name the upstream; a GET has no body), the conditionals and {@code Range}
 * (the cache makes its own conditional request when revalidating, and stores the full response,
 * answering the client's conditions and ranges itself), and the address and scheme we set
 * ourselves. {@code Authorization} only where the route lets it use the cache, when it is keyed;
 * elsewhere such requests bypass the cache and never get here.
 *
 * <p>In ALL mode, the fields of {@link #UNKEYED_RISKS} are also held back unless the route varies
 * on them; each is an unkeyed field known to change answers without a {@code Vary} or to belong to
 * one client rather than everyone. A vary field is forwarded because it is keyed: a route that
 * varies on {@code Cookie} asks for one entry per value, and the upstream must see the value to
 * answer for it. A field the response's {@code Vary} names but the fetch held back stays held
 * back: the stored variant is then the upstream's answer without it, the same for everyone, which
 * is safe; to send it, name it in the route's {@code vary}.
 *
 * <p>A pass-through exchange is not stored, so it forwards what the client sent except what
 * describes the client's own connection or message framing.
 */
final class ForwardedHeaders {

  /**
   * Never forwarded on a cache fetch, even when the route varies on them: they name the client's
   * connection or framing, we set them ourselves ({@code X-Forwarded-Proto}; the client's address
   * is never sent, see {@link #UNKEYED_RISKS}), or they would turn a stored response into a
   * partial or conditional one of the client's choosing.
   */
  private static final Set<String> NEVER_FETCHED = Set.of("host", "content-length",
      "transfer-encoding", "expect", "x-forwarded-for", "x-forwarded-proto", "range", "if-range",
      "if-match", "if-none-match", "if-modified-since", "if-unmodified-since");

  /**
   * Held back from an ALL-mode cache fetch unless the route varies on them (then they are keyed),
   * each for its reason:
   * <ul>
   *   <li>{@code Cookie}: one client's session; the and every shared cache's rule.
   *   <li>{@code User-Agent}: the commonest field upstreams vary on without saying so (mobile
   *       pages, device redirects); a fetch, refreshes included, is made for everyone, so it
   *       carries our own ({@code Upstream.Builder.userAgent}) instead.
   *   <li>{@code Accept-Encoding}: without it the upstream answers identity, which every client
   *       can read; with it, an upstream that compresses without {@code Vary: Accept-Encoding}
   *       (nginx's default, {@code gzip_vary off}) would store a body some clients cannot decode.
   *   <li>{@code Cache-Control}, {@code Pragma}: the client's directives are addressed to this
   *       cache, which applies them itself (or, by default, does not let them force origin
   *       traffic); passed on they would let one client make an upstream cache revalidate, or
   *       answer stale, for the entry everyone gets.
   *   <li>{@code Forwarded}, {@code X-Forwarded-*}: the client's own claims about the request's
   *       host, port and prefix, which upstreams build absolute links from; the key holds the
   *       scheme but not the client's {@code Host}, so one client's value would be stored for
   *       everybody. We send our {@code X-Forwarded-Proto} and, unlike a pass-through, no
   *       {@code X-Forwarded-For} or {@code X-Forwarded-Host}.
   *   <li>{@code X-Real-IP}, {@code True-Client-IP}: the client's address, like
   *       {@code X-Forwarded-For}: geo-located content would be stored for everybody.
   *   <li>{@code X-Original-URL}, {@code X-Rewrite-URL}, {@code X-HTTP-Method-Override},
   *       {@code X-HTTP-Method}, {@code X-Method-Override}: they would make the upstream answer
   *       another resource or method than the one the key names, a known poisoning vector.
   * </ul>
   */
  private static final Set<String> UNKEYED_RISKS = Set.of("cookie", "user-agent",
      "accept-encoding", "cache-control", "pragma", "forwarded", "x-real-ip", "true-client-ip",
      "x-original-url", "x-rewrite-url", "x-http-method-override", "x-http-method",
      "x-method-override");

  /** Not forwarded on an exchange: the connection's own, or re-framed by the HTTP client. */
  private static final Set<String> NEVER_EXCHANGED = Set.of("host", "content-length",
      "transfer-encoding", "expect", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");

  private ForwardedHeaders() {}

  /**
   * The fields of a cache fetch of {@code request} on a route with {@code rules}, plus our
   * {@code X-Forwarded-Proto}. The {@code User-Agent} is {@code userAgent}, unless the route
   * varies on the client's.
   */
  static Headers forFetch(RouteRules rules, UpstreamRequest request, String userAgent) {
    Headers client = request.headers();
    List<String> connection = client.all("Connection");
    Headers.Builder out = Headers.builder();
    for (Headers.Field f : client.fields()) {
      if (fetched(rules, f.name(), connection)) {
        out.add(f.name(), f.value());
      }
    }
    out.add("X-Forwarded-Proto", request.proto());
    if (!varies(rules, "User-Agent") || !client.contains("User-Agent")) {
      out.add("User-Agent", userAgent);
    }
    return out.build();
  }

  /** Whether the client's field {@code name} goes up with a cache fetch on {@code rules}. */
  private static boolean fetched(RouteRules rules, String name, List<String> connection) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (NEVER_FETCHED.contains(lower) || HopByHop.isHopByHop(name, connection)) {
      return false;
    }
    // Even when the route varies on it: without allowAuthorization such requests bypass.
    if (lower.equals("authorization")) {
      return rules.allowAuthorization();
    }
    if (varies(rules, name)) {
      return true;
    }
    return rules.forwardHeaders() == ForwardHeaders.ALL && !UNKEYED_RISKS.contains(lower)
        && !lower.startsWith("x-forwarded-");
  }

  /**
   * The fields of an exchange: the client's, minus hop-by-hop and framing, plus
   * {@code X-Forwarded-For} (the client's chain with the client appended),
   * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}.
   */
  static Headers forExchange(UpstreamRequest request) {
    Headers client = request.headers();
    List<String> connection = client.all("Connection");
    Headers.Builder out = Headers.builder();
    for (Headers.Field f : client.fields()) {
      String name = f.name().toLowerCase(Locale.ROOT);
      if (!NEVER_EXCHANGED.contains(name) && !HopByHop.isHopByHop(f.name(), connection)) {
        out.add(f.name(), f.value());
      }
    }
    List<String> chain = client.all("X-Forwarded-For");
    String forwardedFor = chain.isEmpty() ? request.clientAddress()
        : String.join(", ", chain) + ", " + request.clientAddress();
    return out.add("X-Forwarded-For", forwardedFor)
        .add("X-Forwarded-Proto", request.proto())
        .add("X-Forwarded-Host", request.host())
        .build();
  }

  /**
   * {@code headers} with the validators of {@code previous} (RFC 9111 §4.3.1):
   * {@code If-None-Match} with the upstream's {@code ETag} and {@code If-Modified-Since} with its
   * {@code Last-Modified}, each when stored.
   *
   * <p>The entity-tag this cache computed for a response without {@code ETag} is sent only when
   * there is no {@code Last-Modified}: no upstream issued it, and a server evaluates
   * {@code If-None-Match} instead of {@code If-Modified-Since} when both are present
   * (RFC 9110 §13.2.2), so it would turn every revalidation of such an entry into a full
   * response. Alone, it costs nothing and lets an upstream that computes the same tag from the
   * same body (another daramjwee) answer 304.
   */
  static Headers withValidators(Headers headers, Metadata previous) {
    String etag = StoredResponse.etag(previous);
    String lastModified = StoredResponse.lastModified(previous);
    if (etag != null && lastModified != null && upstreamEtag(previous) == null) {
      etag = null;
    }
    if (etag == null && lastModified == null) {
      return headers;
    }
    Headers.Builder out = Headers.builder();
    for (Headers.Field f : headers.fields()) {
      out.add(f.name(), f.value());
    }
    if (etag != null) {
      out.add("If-None-Match", etag);
    }
    if (lastModified != null) {
      out.add("If-Modified-Since", lastModified);
    }
    return out.build();
  }

  /** The {@code ETag} field the upstream sent with {@code previous}, or {@code null}. */
  private static String upstreamEtag(Metadata previous) {
    try {
      return StoredResponse.decode(previous).headers().first("ETag");
    } catch (IllegalArgumentException e) {
      // No stored head: the fetch's result refuses such an entry anyway (UpstreamFetcher).
      return null;
    }
  }

  private static boolean varies(RouteRules rules, String name) {
    for (String vary : rules.vary()) {
      if (vary.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
