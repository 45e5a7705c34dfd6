package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.daramjwee.http.RouteRules.ForwardHeaders;
import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proxy routes as a reverse proxy's operator expects them ({@code forward-headers: all}, the
 * default): the client's end-to-end fields reach the upstream on a cache fetch, so an upstream
 * that requires an API key, reads {@code Accept} or logs a tracing field works through the cache;
 * the client's cookie, address, forwarding claims and {@code User-Agent} do not, and
 * {@code forward-headers: keyed} still sends the vary fields only. What is forwarded but not keyed
 * is shared: the last scenarios show that trade-off, and how a route keys on a field.
 */
class TransparentProxyScenariosTest extends FilterScenarios {

  private static final String KEY = "k-123";

  /** Answers 200 only with the right {@code X-Api-Key}, 401 without it, as a real API does. */
  private WireMockServer requiringApiKey(String path, String body) {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get(path).atPriority(1).withHeader("X-Api-Key", equalTo(KEY))
        .willReturn(ok(body).withHeader("Content-Type", "text/plain")));
    upstream.stubFor(get(path).atPriority(9).willReturn(aResponse().withStatus(401)
        .withHeader("WWW-Authenticate", "ApiKey").withBody("missing key")));
    return upstream;
  }

  @Test
  void upstreamRequiringAnApiKey_missForwardsIt_isStored_andTheHitIsServed() throws Exception {
    WireMockServer upstream = requiringApiKey("/origin/reports", "the report");
    start(Route.proxy("/p/**", rules("p-reports").build(), upstream()));

    Reply miss = client.get("/p/reports", "X-Api-Key", KEY);
    Reply hit = client.get("/p/reports", "X-Api-Key", KEY);

    assertThat(miss.status()).isEqualTo(200);
    assertStoredMiss(miss);
    assertThat(miss.text()).isEqualTo("the report");
    assertHit(hit);
    assertThat(hit.text()).isEqualTo("the report");
    upstream.verify(1, getRequestedFor(urlEqualTo("/origin/reports"))
        .withHeader("X-Api-Key", equalTo(KEY)));
  }

  @Test
  void endToEndFieldsReachTheUpstream_theClientsCookieAddressAndAgentDoNot() throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/feed").willReturn(ok("{}")));
    start(Route.proxy("/p/**", rules("p-feed").build(), upstream()));

    assertStoredMiss(client.get("/p/feed",
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "Accept", "application/json",
        "Accept-Language", "ko",
        "X-Tenant", "shop",
        "Cookie", "session=secret",
        "X-Forwarded-For", "10.0.0.1",
        "X-Forwarded-Host", "evil.example",
        "Forwarded", "for=10.0.0.1;host=evil.example",
        "X-Real-IP", "10.0.0.1",
        "User-Agent", "curl/8",
        "Accept-Encoding", "gzip",
        "Cache-Control", "no-cache",
        "X-Original-URL", "/admin"));

    LoggedRequest sent = onlyRequest(upstream);
    assertThat(sent.getHeader("traceparent"))
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(sent.getHeader("Accept")).isEqualTo("application/json");
    assertThat(sent.getHeader("Accept-Language")).isEqualTo("ko");
    assertThat(sent.getHeader("X-Tenant")).isEqualTo("shop");
    assertThat(sent.getHeaders().getHeader("X-Forwarded-Proto").values())
        .containsExactly("http");
    assertThat(sent.getHeaders().getHeader("User-Agent").values()).containsExactly("daramjwee");
    assertAbsent(sent, "Cookie", "X-Forwarded-For", "X-Forwarded-Host", "Forwarded",
        "X-Real-IP", "Accept-Encoding", "Cache-Control", "X-Original-URL");
  }

  @Test
  void routeVaryingOnCookie_forwardsIt_andKeepsEachCookieApart() throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/ab").withHeader("Cookie", equalTo("ab=a"))
        .willReturn(ok("variant a")));
    upstream.stubFor(get("/origin/ab").withHeader("Cookie", equalTo("ab=b"))
        .willReturn(ok("variant b")));
    start(Route.proxy("/p/**", rules("p-ab").vary("Cookie").build(), upstream()));

    Reply a = client.get("/p/ab", "Cookie", "ab=a");
    Reply b = client.get("/p/ab", "Cookie", "ab=b");
    Reply aAgain = client.get("/p/ab", "Cookie", "ab=a");

    assertStoredMiss(a);
    assertThat(a.text()).isEqualTo("variant a");
    assertStoredMiss(b);
    assertThat(b.text()).isEqualTo("variant b");
    assertHit(aAgain);
    assertThat(aAgain.text()).isEqualTo("variant a");
  }

  /** The allowlist the default was before issue 15, for upstreams that negotiate silently. */
  @Test
  void keyedRoute_forwardsOnlyTheVaryFields_soAnUpstreamRequiringAKeyRefuses() throws Exception {
    WireMockServer upstream = requiringApiKey("/origin/reports", "the report");
    start(Route.proxy("/p/**", rules("p-keyed").forwardHeaders(ForwardHeaders.KEYED)
        .vary("Accept-Language").build(), upstream()));

    Reply refused = client.get("/p/reports", "X-Api-Key", KEY, "Accept-Language", "ko",
        "Accept", "application/json", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-"
            + "b7ad6b7169203331-01");

    assertThat(refused.status()).isEqualTo(401);
    assertUnstoredMiss(refused);
    LoggedRequest sent = onlyRequest(upstream);
    assertThat(sent.getHeader("Accept-Language")).isEqualTo("ko");
    assertAbsent(sent, "X-Api-Key", "Accept", "traceparent");
  }

  /**
   * A field forwarded but not keyed is shared: the stored answer goes to every client, also one
   * that did not send the key. A credential that authorises one client rather than the cache
   * belongs in the route's vary (next test), or behind {@code Authorization}.
   */
  @Test
  void forwardedButUnkeyedField_theStoredAnswerIsServedToClientsWithoutIt() throws Exception {
    WireMockServer upstream = requiringApiKey("/origin/reports", "the report");
    start(Route.proxy("/p/**", rules("p-shared").build(), upstream()));
    assertStoredMiss(client.get("/p/reports", "X-Api-Key", KEY));

    Reply keyless = client.get("/p/reports");

    assertHit(keyless);
    assertThat(keyless.text()).isEqualTo("the report");
    upstream.verify(1, getRequestedFor(urlEqualTo("/origin/reports")));
  }

  @Test
  void routeVaryingOnTheApiKey_keepsClientsWithoutItApart() throws Exception {
    WireMockServer upstream = requiringApiKey("/origin/reports", "the report");
    start(Route.proxy("/p/**", rules("p-per-key").vary("X-Api-Key").build(), upstream()));
    assertStoredMiss(client.get("/p/reports", "X-Api-Key", KEY));

    Reply keyless = client.get("/p/reports");

    assertThat(keyless.status()).isEqualTo(401);
    assertThat(keyless.text()).isEqualTo("missing key");
    assertHit(client.get("/p/reports", "X-Api-Key", KEY));
  }

  /**
   * RFC 9111 §4.3.1: a stale entry is revalidated with the validators it holds, by a refresh that
   * carries the client's forwarded fields too (the upstream requires its key on every request);
   * with only a {@code Last-Modified}, {@code If-Modified-Since} alone (RFC 9110 §13.2.2), and
   * the 304 renews the entry.
   */
  @Test
  void staleEntry_revalidatedWithIfModifiedSinceAndTheForwardedFields_304Renews()
      throws Exception {
    WireMockServer upstream = wiremock();
    String lastModified = "Sun, 06 Nov 1994 08:49:37 GMT";
    upstream.stubFor(get("/origin/doc").atPriority(5).withHeader("X-Api-Key", equalTo(KEY))
        .willReturn(ok("original").withHeader("Last-Modified", lastModified)
            .withHeader("Cache-Control", "max-age=10")));
    start(Route.proxy("/p/**", rules("p-doc").staleFor(Duration.ofSeconds(60)).build(),
        upstream()));
    assertStoredMiss(client.get("/p/doc", "X-Api-Key", KEY));
    clock.advance(Duration.ofSeconds(15));
    upstream.stubFor(get("/origin/doc").atPriority(1).withHeader("X-Api-Key", equalTo(KEY))
        .withHeader("If-Modified-Since", equalTo(lastModified))
        .withHeader("If-None-Match", absent())
        .willReturn(status(304).withHeader("Cache-Control", "max-age=10")));

    assertHit(client.get("/p/doc", "X-Api-Key", KEY));
    await("the renewal to be published").until(
        () -> ttl(client.get("/p/doc", "X-Api-Key", KEY)) > 0);

    Reply renewed = client.get("/p/doc", "X-Api-Key", KEY);
    assertHit(renewed);
    assertThat(renewed.text()).isEqualTo("original");
    List<LoggedRequest> refreshes = upstream.findAll(getRequestedFor(urlEqualTo("/origin/doc")))
        .stream().filter(r -> r.containsHeader("If-Modified-Since")).toList();
    assertThat(refreshes).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getHeader("X-Api-Key")).isEqualTo(KEY);
      assertThat(r.containsHeader("If-None-Match")).isFalse();
    });
  }

  private static LoggedRequest onlyRequest(WireMockServer upstream) {
    List<LoggedRequest> all = upstream.findAll(getRequestedFor(anyUrl()));
    assertThat(all).as("requests upstream").hasSize(1);
    return all.get(0);
  }

  private static void assertAbsent(LoggedRequest sent, String... names) {
    for (String name : names) {
      assertThat(sent.containsHeader(name)).as(name + " upstream").isFalse();
    }
  }
}
