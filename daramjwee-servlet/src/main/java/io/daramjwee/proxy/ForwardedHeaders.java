package io.daramjwee.proxy;

import io.daramjwee.Metadata;
import io.daramjwee.http.Headers;
import io.daramjwee.http.HopByHop;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.StoredResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which request header fields go upstream. Stateless and thread-safe.
 *
 * <p>A cache fetch forwards an allowlist, because its response is stored for everybody: a field
 * that reaches the upstream but is not part of the cache key (an "unkeyed" field) could change
 * what is stored and so poison the entry for every later client. So only the route's vary fields
 * and, where the route allows it, {@code Authorization} (which then joins the key) go up. Not even
 * {@code Accept} or {@code Accept-Language}: many upstreams negotiate on them without sending
 * {@code Vary} (Spring's locale resolver does), so one client's language would be stored for
 * all; a route that wants negotiation varies on them. Not {@code Cookie}, not
 * {@code Accept-Encoding} (the upstream then sends identity, which every later client can read),
 * not the client's {@code X-Forwarded-*} or {@code Forwarded}, URL or method overrides, and not
 * the client's address: {@code X-Forwarded-For} is left out of fetches (geo-located content would
 * be stored for everybody); {@code X-Forwarded-Proto} is sent, and the scheme is in the key. A vary field is forwarded
 * even when it is one of those, because it is keyed: a route that varies on {@code Cookie} or
 * {@code Accept-Encoding} asks for one entry per value, and the upstream must see the value to
 * answer for it; only the fields of {@link #NEVER_FETCHED} stay out whatever the route says. So
 * {@code X-Forwarded-Host} is not sent unless varied on: it would carry the client's
 * {@code Host}, which is not keyed, and upstreams commonly build absolute links from it.
 *
 * <p>A pass-through exchange is not stored, so it forwards what the client sent except what
 * describes the client's own connection or message framing.
 */
final class ForwardedHeaders {

  /**
   * Never forwarded on a cache fetch, even when the route varies on them: they name the client's
   * connection or framing ({@code Host} must name the upstream; a GET has no body), we set them
   * ourselves, or they would turn a stored response into a partial or conditional one of the
   * client's choosing.
   */
  private static final Set<String> NEVER_FETCHED = Set.of("host", "content-length",
      "transfer-encoding", "expect", "x-forwarded-for", "x-forwarded-proto", "range", "if-range",
      "if-match", "if-none-match", "if-modified-since", "if-unmodified-since");

  /** Not forwarded on an exchange: the connection's own, or re-framed by the HTTP client. */
  private static final Set<String> NEVER_EXCHANGED = Set.of("host", "content-length",
      "transfer-encoding", "expect", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");

  private ForwardedHeaders() {}

  /**
   * The fields of a cache fetch of {@code request} on a route with {@code rules}. The
   * {@code User-Agent} is {@code userAgent}, unless the route varies on the client's.
   */
  static Headers forFetch(RouteRules rules, UpstreamRequest request, String userAgent) {
    Headers client = request.headers();
    List<String> connection = client.all("Connection");
    Headers.Builder out = Headers.builder();
    for (Headers.Field f : client.fields()) {
      String name = f.name().toLowerCase(Locale.ROOT);
      // Authorization only where the route lets it use the cache, even when the route varies on
      // it: elsewhere such requests bypass the cache and should never get here.
      boolean wanted = name.equals("authorization") ? rules.allowAuthorization()
          : varies(rules, f.name());
      if (wanted && !NEVER_FETCHED.contains(name) && !HopByHop.isHopByHop(f.name(), connection)) {
        out.add(f.name(), f.value());
      }
    }
    out.add("X-Forwarded-Proto", request.proto());
    if (!varies(rules, "User-Agent") || !client.contains("User-Agent")) {
      out.add("User-Agent", userAgent);
    }
    return out.build();
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
   * {@code headers} with the validators of {@code previous}: {@code If-None-Match} with its
   * entity-tag and {@code If-Modified-Since} with its {@code Last-Modified}, each when stored.
   */
  static Headers withValidators(Headers headers, Metadata previous) {
    String etag = StoredResponse.etag(previous);
    String lastModified = StoredResponse.lastModified(previous);
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

  private static boolean varies(RouteRules rules, String name) {
    for (String vary : rules.vary()) {
      if (vary.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
