package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stale entries: served at once while one background refresh runs (stale-while-revalidate),
 * renewed by a conditional request that a 304 answers without a body, and standing in for an
 * upstream that fails (stale-if-error) until that window ends. Time moves on the test clock; the
 * origin's slowness is a latch or a WireMock delay, so nothing here sleeps.
 */
class StaleScenariosTest extends FilterScenarios {

  private static final Duration FRESH = Duration.ofSeconds(10);

  @Test
  void staleHit_answersBeforeTheBlockedControllerAndTheRefreshLandsBehind() throws Exception {
    CountDownLatch originBlocked = new CountDownLatch(1);
    origin.on("/news", (request, response, call) -> {
      if (call > 1) {
        assertThat(originBlocked.await(20, TimeUnit.SECONDS)).isTrue();
      }
      write(response, "edition " + call);
    });
    start(Route.controller("/news",
        rules("news").freshFor(FRESH).staleFor(Duration.ofSeconds(60)).build()));
    assertStoredMiss(client.get("/news"));
    clock.advance(Duration.ofSeconds(15));

    // The latch stays shut until this reply is checked: had the filter waited for the refresh,
    // the request would time out here.
    Reply stale = client.send(client.request("/news").timeout(Duration.ofSeconds(5)).GET());
    assertThat(stale.text()).isEqualTo("edition 1");
    assertHit(stale);
    assertThat(ttl(stale)).isEqualTo(-5);
    originBlocked.countDown();

    await("the refreshed edition").until(() -> client.get("/news").text().equals("edition 2"));
    assertThat(origin.calls("/news")).isEqualTo(2);
  }

  @Test
  void staleHit_onProxyRoute_answersBeforeTheSlowUpstream() throws Exception {
    wiremock().stubFor(get("/origin/news").willReturn(ok("edition 1")));
    start(Route.proxy("/p/**",
        rules("p-news").freshFor(FRESH).staleFor(Duration.ofSeconds(60)).build(), upstream()));
    assertStoredMiss(client.get("/p/news"));
    clock.advance(Duration.ofSeconds(15));
    wiremock().stubFor(get("/origin/news").willReturn(ok("edition 2").withFixedDelay(3_000)));

    // A 1 s timeout against a 3 s upstream: the stale reply cannot have waited for it.
    Reply stale = client.send(client.request("/p/news").timeout(Duration.ofSeconds(1)).GET());

    assertThat(stale.text()).isEqualTo("edition 1");
    assertThat(ttl(stale)).isNegative();
    await("the refreshed edition").atMost(Duration.ofSeconds(15))
        .until(() -> client.get("/p/news").text().equals("edition 2"));
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/news")));
  }

  @Test
  void proxyRefresh_sendsIfNoneMatch_and304RenewsWithoutBody() throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/doc").willReturn(ok("original")
        .withHeader("ETag", "\"v1\"").withHeader("Cache-Control", "max-age=10")));
    start(Route.proxy("/p/**", rules("p-doc").staleFor(Duration.ofSeconds(60)).build(),
        upstream()));
    assertStoredMiss(client.get("/p/doc"));
    clock.advance(Duration.ofSeconds(15));
    upstream.stubFor(get("/origin/doc").withHeader("If-None-Match", equalTo("\"v1\""))
        .atPriority(1)
        .willReturn(status(304).withHeader("ETag", "\"v1\"")
            .withHeader("Cache-Control", "max-age=10")));

    Reply stale = client.get("/p/doc");
    assertHit(stale);
    assertThat(ttl(stale)).isEqualTo(-5);
    await("the conditional refresh").until(
        () -> upstream.findAll(getRequestedFor(urlEqualTo("/origin/doc"))).size() >= 2);
    await("the renewal to be published").until(() -> ttl(client.get("/p/doc")) > 0);

    Reply renewed = client.get("/p/doc");
    assertHit(renewed);
    assertThat(ttl(renewed)).isEqualTo(10);
    assertThat(renewed.text()).isEqualTo("original");
    assertThat(renewed.header("ETag")).isEqualTo("\"v1\"");
    List<LoggedRequest> requests = upstream.findAll(getRequestedFor(urlEqualTo("/origin/doc")));
    assertThat(requests.get(0).getHeader("If-None-Match")).as("the fill").isNull();
    assertThat(requests.subList(1, requests.size()))
        .as("every refresh is conditional on the stored ETag")
        .allSatisfy(r -> assertThat(r.getHeader("If-None-Match")).isEqualTo("\"v1\""));
  }

  @Test
  void upstreamDown_servesStaleInsideStaleIfError_and502Outside() throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/item").willReturn(ok("old item")));
    start(Route.proxy("/p/**", rules("p-item").freshFor(FRESH).staleFor(Duration.ZERO)
        .staleIfError(Duration.ofMinutes(10)).build(), upstream()));
    assertStoredMiss(client.get("/p/item"));
    upstream.stop();

    clock.advance(Duration.ofMinutes(1));
    Reply stale = client.get("/p/item");
    clock.advance(Duration.ofMinutes(10));
    Reply gone = client.get("/p/item");

    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.text()).isEqualTo("old item");
    assertThat(Member.of(stale).forward()).isEqualTo("stale");
    assertThat(gone.status()).isEqualTo(502);
    assertThat(gone.header("Content-Type")).startsWith("text/plain");
    assertThat(gone.text()).isNotBlank().hasSizeLessThan(512).doesNotContain("old item");
  }

  @Test
  void upstream503_insideStaleIfError_servesStale() throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/item").willReturn(ok("old item")));
    start(Route.proxy("/p/**", rules("p-item").freshFor(FRESH).staleFor(Duration.ZERO)
        .staleIfError(Duration.ofMinutes(10)).build(), upstream()));
    assertStoredMiss(client.get("/p/item"));
    upstream.stubFor(get("/origin/item").willReturn(serviceUnavailable().withBody("down")));

    clock.advance(Duration.ofMinutes(1));
    Reply stale = client.get("/p/item");

    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.text()).isEqualTo("old item");
    assertStaleFallback(stale, 503);
    upstream.verify(2, getRequestedFor(urlEqualTo("/origin/item")));
  }
}
