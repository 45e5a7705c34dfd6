package io.daramjwee.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.daramjwee.FetchResult;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.RouteRules.ForwardHeaders;
import io.daramjwee.http.StoredResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which header fields cross the proxy, checked on what the upstream received: for cache fetches,
 * every end-to-end field but the ones that are the client's own or known to poison a shared entry
 * ({@code forward-headers: all}, the default), or an allowlist of the keyed fields
 * ({@code forward-headers: keyed}); nearly everything for pass-through exchanges; hop-by-hop
 * fields never, either way.
 */
class UpstreamForwardingTest extends WireMockUpstreamTest {

  /** A client trying every trick that would change a shared response. */
  private static final String[] HOSTILE = {
      "Host", "evil.example",
      "Cookie", "session=secret",
      "Accept-Encoding", "gzip, br",
      "X-Forwarded-Host", "evil.example",
      "X-Forwarded-For", "10.0.0.1",
      "X-Forwarded-Proto", "http",
      "Forwarded", "for=10.0.0.1;host=evil.example",
      "X-Original-URL", "/admin",
      "X-Rewrite-URL", "/admin",
      "X-HTTP-Method-Override", "DELETE",
      "Authorization", "Bearer secret",
      "Range", "bytes=0-1",
      "If-None-Match", "\"clients\"",
      "User-Agent", "curl/8",
      "X-Anything", "else",
      "Accept", "text/html",
      "Accept-Language", "ko",
      "Accept-Charset", "utf-8",
      "X-Device", "mobile",
      "Cache-Control", "no-cache",
      "Pragma", "no-cache",
      "X-Real-IP", "10.0.0.1",
      "True-Client-IP", "10.0.0.1",
      "X-Forwarded-Port", "8443",
      "X-HTTP-Method", "DELETE",
      "X-Method-Override", "DELETE",
      "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"};

  /** Written byte for byte: WireMock's server would manage {@code Connection} itself. */
  private static final String HOP_BY_HOP_RESPONSE = "HTTP/1.1 200 OK\r\n"
      + "Connection: X-Hop\r\n"
      + "X-Hop: secret\r\n"
      + "Keep-Alive: timeout=5\r\n"
      + "Proxy-Authenticate: Basic\r\n"
      + "X-End: kept\r\n"
      + "Content-Length: 2\r\n"
      + "\r\nok";

  @BeforeEach
  void answerEverything() {
    origin.stubFor(any(anyUrl()).willReturn(ok("ok")));
  }

  @Test
  void fetch_all_hostileClientHeaders_endToEndFieldsGoUp_theClientsOwnAndUnkeyedRisksDoNot()
      throws IOException {
    fetch(rules(), clientGet("/page", HOSTILE));

    LoggedRequest sent = received();
    assertThat(sent.getHeader("X-Anything")).isEqualTo("else");
    assertThat(sent.getHeader("Accept")).isEqualTo("text/html");
    assertThat(sent.getHeader("Accept-Language")).isEqualTo("ko");
    assertThat(sent.getHeader("Accept-Charset")).isEqualTo("utf-8");
    assertThat(sent.getHeader("X-Device")).isEqualTo("mobile");
    assertThat(sent.getHeader("traceparent"))
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(sent.getHeaders().getHeader("X-Forwarded-Proto").values())
        .containsExactly("https");
    assertThat(sent.getHeaders().getHeader("User-Agent").values()).containsExactly("daramjwee");
    assertThat(sent.getHeader("Host")).isEqualTo(URI.create(origin.baseUrl()).getAuthority());
    assertAbsent(sent, "Cookie", "Accept-Encoding", "X-Forwarded-Host", "X-Forwarded-Port",
        "Forwarded", "X-Forwarded-For", "X-Real-IP", "True-Client-IP", "X-Original-URL",
        "X-Rewrite-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
        "Authorization", "Range", "If-None-Match", "Cache-Control", "Pragma");
  }

  /** Today's allowlist, kept by {@code forward-headers: keyed}; it was the default before ALL. */
  @Test
  void fetch_keyed_hostileClientHeaders_onlyTheAllowlistAndOurOwnReachTheUpstream()
      throws IOException {
    RouteRules varyOnDevice = keyed().vary("X-Device").build();

    fetch(varyOnDevice, clientGet("/page", HOSTILE));

    LoggedRequest sent = received();
    assertThat(sent.getHeader("X-Device")).isEqualTo("mobile");
    assertThat(sent.getHeaders().getHeader("X-Forwarded-Proto").values())
        .containsExactly("https");
    assertThat(sent.getHeader("User-Agent")).isEqualTo("daramjwee");
    assertThat(sent.getHeader("Host")).isEqualTo(URI.create(origin.baseUrl()).getAuthority());
    assertAbsent(sent, "Cookie", "Accept-Encoding", "X-Forwarded-Host", "Forwarded",
        "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "Authorization", "Range",
        "If-None-Match", "X-Anything", "Accept", "Accept-Language", "Accept-Charset",
        "X-Forwarded-For", "traceparent", "Cache-Control", "Pragma");
  }

  @Test
  void fetch_keyed_routeVariesOnAcceptLanguage_forwardsItAndNotAccept() throws IOException {
    fetch(keyed().vary("Accept-Language").build(),
        clientGet("/page", "Accept-Language", "ko", "Accept", "text/html"));

    LoggedRequest sent = received();
    assertThat(sent.getHeader("Accept-Language")).isEqualTo("ko");
    assertAbsent(sent, "Accept");
  }

  /** RFC 9110 §13.1: the cache makes its own conditional requests, and stores whole responses. */
  @Test
  void fetch_all_conditionalsRangeAndFraming_notForwarded() throws IOException {
    fetch(rules(), clientGet("/page", "If-Match", "\"a\"", "If-None-Match", "\"b\"",
        "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT",
        "If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT", "If-Range", "\"c\"",
        "Range", "bytes=0-1", "Content-Length", "3", "Expect", "100-continue",
        "Transfer-Encoding", "chunked", "X-Kept", "yes"));

    LoggedRequest sent = received();
    assertAbsent(sent, "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since",
        "If-Range", "Range", "Content-Length", "Expect", "Transfer-Encoding");
    assertThat(sent.getHeader("X-Kept")).isEqualTo("yes");
  }

  /** RFC 9110 §7.6.1: hop-by-hop fields, and those Connection names, are for one hop only. */
  @Test
  void fetch_all_hopByHopRequestHeaders_notForwarded() throws IOException {
    fetch(rules(), clientGet("/x", "Connection", "close, X-Hop", "X-Hop", "secret",
        "Keep-Alive", "timeout=5", "TE", "trailers", "Upgrade", "websocket",
        "Proxy-Authorization", "Basic c2VjcmV0", "Proxy-Connection", "keep-alive",
        "Trailer", "X-Sum", "X-End", "kept"));

    LoggedRequest sent = received();
    assertAbsent(sent, "X-Hop", "Keep-Alive", "TE", "Upgrade", "Proxy-Authorization",
        "Proxy-Connection", "Trailer");
    assertThat(sent.getHeader("Connection")).isEqualTo("keep-alive");
    assertThat(sent.getHeader("X-End")).isEqualTo("kept");
  }

  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void fetch_authorizationWithoutAllowAuthorization_notForwarded(ForwardHeaders mode)
      throws IOException {
    fetch(rules().toBuilder().forwardHeaders(mode).vary("Authorization").build(),
        clientGet("/page", "Authorization", "Bearer t"));

    assertAbsent(received(), "Authorization");
  }

  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void fetch_routeAllowsAuthorization_forwardsIt(ForwardHeaders mode) throws IOException {
    fetch(rules().toBuilder().forwardHeaders(mode).allowAuthorization(true).build(),
        clientGet("/page", "Authorization", "Bearer t"));

    assertThat(received().getHeader("Authorization")).isEqualTo("Bearer t");
  }

  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void fetch_routeVariesOnCookie_forwardsItBecauseItIsKeyed(ForwardHeaders mode)
      throws IOException {
    fetch(rules().toBuilder().forwardHeaders(mode).vary("Cookie").build(),
        clientGet("/page", "Cookie", "ab=b"));

    assertThat(received().getHeader("Cookie")).isEqualTo("ab=b");
  }

  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void fetch_routeVariesOnForwardingClaims_forwardsTheClientsBecauseTheyAreKeyed(
      ForwardHeaders mode) throws IOException {
    fetch(rules().toBuilder().forwardHeaders(mode)
        .vary("X-Forwarded-Host", "Accept-Encoding").build(),
        clientGet("/page", "X-Forwarded-Host", "shop.example", "Accept-Encoding", "gzip"));

    LoggedRequest sent = received();
    assertThat(sent.getHeaders().getHeader("X-Forwarded-Host").values())
        .containsExactly("shop.example");
    assertThat(sent.getHeader("Accept-Encoding")).isEqualTo("gzip");
  }

  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void fetch_routeVariesOnUserAgent_forwardsTheClientsInsteadOfOurs(ForwardHeaders mode)
      throws IOException {
    fetch(rules().toBuilder().forwardHeaders(mode).vary("User-Agent").build(),
        clientGet("/page", "User-Agent", "Mobile/1"));

    assertThat(received().getHeaders().getHeader("User-Agent").values())
        .containsExactly("Mobile/1");
  }

  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void fetch_routeVariesOnFramingOrConditionalFields_stillNotForwarded(ForwardHeaders mode)
      throws IOException {
    RouteRules unwise = rules().toBuilder().forwardHeaders(mode)
        .vary("Host", "Range", "If-None-Match", "X-Forwarded-For", "Content-Length").build();

    fetch(unwise, clientGet("/page", "Host", "evil.example", "Range", "bytes=0-1",
        "If-None-Match", "\"clients\"", "X-Forwarded-For", "10.0.0.1", "Content-Length", "3"));

    LoggedRequest sent = received();
    assertThat(sent.getHeader("Host")).isEqualTo(URI.create(origin.baseUrl()).getAuthority());
    assertAbsent(sent, "Range", "If-None-Match", "Content-Length", "X-Forwarded-For");
  }

  @Test
  void fetch_customUserAgent_sentInsteadOfTheClients() throws IOException {
    try (Upstream named = upstream(b -> b.userAgent("shop-cache/1"))) {
      named.fetcher(rules(), clientGet("/page", "User-Agent", "curl/8")).fetch(null).body()
          .close();
    }

    assertThat(received().getHeader("User-Agent")).isEqualTo("shop-cache/1");
  }

  @Test
  void exchange_clientHeaders_forwardedWithTheForwardedChainExtended() throws IOException {
    try (UpstreamResponse response = upstream.exchange(
        clientRequest("POST", "/orders", HOSTILE), null, -1)) {
      response.body().readAllBytes();
    }

    LoggedRequest sent = received();
    assertThat(sent.getHeader("Cookie")).isEqualTo("session=secret");
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer secret");
    assertThat(sent.getHeader("User-Agent")).isEqualTo("curl/8");
    assertThat(sent.getHeader("X-Anything")).isEqualTo("else");
    assertThat(sent.getHeaders().getHeader("X-Forwarded-For").values())
        .containsExactly("10.0.0.1, " + CLIENT);
    assertThat(sent.getHeaders().getHeader("X-Forwarded-Proto").values())
        .containsExactly("https");
    assertThat(sent.getHeaders().getHeader("X-Forwarded-Host").values())
        .containsExactly("shop.example");
    assertThat(sent.getHeader("Host")).isEqualTo(URI.create(origin.baseUrl()).getAuthority());
  }

  @Test
  void exchange_hopByHopRequestHeaders_notForwarded() throws IOException {
    try (UpstreamResponse response = upstream.exchange(clientRequest("GET", "/x",
        "Connection", "close, X-Hop", "X-Hop", "secret", "Keep-Alive", "timeout=5",
        "TE", "trailers", "Upgrade", "websocket", "Proxy-Authorization", "Basic c2VjcmV0",
        "Proxy-Connection", "keep-alive", "Trailer", "X-Sum", "X-End", "kept"), null, -1)) {
      response.body().readAllBytes();
    }

    LoggedRequest sent = received();
    assertAbsent(sent, "X-Hop", "Keep-Alive", "TE", "Upgrade", "Proxy-Authorization",
        "Proxy-Connection", "Trailer");
    // HttpClient's own field for its own connection, not the client's "close, X-Hop"
    assertThat(sent.getHeader("Connection")).isEqualTo("keep-alive");
    assertThat(sent.getHeader("X-End")).isEqualTo("kept");
  }

  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void fetch_hopByHopRequestHeadersInVary_stillNotForwarded(ForwardHeaders mode)
      throws IOException {
    fetch(rules().toBuilder().forwardHeaders(mode).vary("X-Hop", "Keep-Alive").build(),
        clientGet("/x", "Connection", "X-Hop", "X-Hop", "secret", "Keep-Alive", "timeout=5"));

    assertAbsent(received(), "X-Hop", "Keep-Alive");
  }

  @Test
  void exchange_hopByHopResponseHeaders_stripped() throws Exception {
    try (RawOrigin raw = RawOrigin.holdingOpen(HOP_BY_HOP_RESPONSE);
        Upstream up = Upstream.builder(raw.uri()).build();
        UpstreamResponse response = up.exchange(clientGet("/x"), null, -1)) {
      assertThat(text(response.body())).isEqualTo("ok");
      assertOnlyEndToEnd(response.headers());
    }
  }

  @Test
  void fetch_hopByHopResponseHeaders_notStored() throws Exception {
    try (RawOrigin raw = RawOrigin.holdingOpen(HOP_BY_HOP_RESPONSE);
        Upstream up = Upstream.builder(raw.uri()).build()) {
      FetchResult result = up.fetcher(rules(), clientGet("/x")).fetch(null);
      assertThat(text(result.body())).isEqualTo("ok");
      assertOnlyEndToEnd(StoredResponse.decode(result.metadata()).headers());
    }
  }

  private static void assertOnlyEndToEnd(Headers headers) {
    for (String name : new String[] {"Connection", "X-Hop", "Keep-Alive", "Proxy-Authenticate"}) {
      assertThat(headers.contains(name)).as(name).isFalse();
    }
    assertThat(headers.first("X-End")).isEqualTo("kept");
  }

  private static RouteRules.Builder keyed() {
    return rules().toBuilder().forwardHeaders(ForwardHeaders.KEYED);
  }

  private void fetch(RouteRules rules, UpstreamRequest request) throws IOException {
    try (InputStream body = upstream.fetcher(rules, request).fetch(null).body()) {
      body.readAllBytes();
    }
  }

  private static void assertAbsent(LoggedRequest sent, String... names) {
    for (String name : names) {
      assertThat(sent.containsHeader(name)).as(name + " upstream").isFalse();
    }
  }
}
