package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What may be stored, and for how long (RFC 9111 §3, §5.2.2): any final status with
 * explicit freshness or {@code public}, not only the heuristically cacheable ones (the heuristic
 * lifetime is {@link HeuristicFreshnessScenariosTest}'s); {@code no-cache} stored and
 * revalidated with the origin before every reuse; {@code must-revalidate} never served stale.
 * Each shown on a controller route and, where the upstream's answer matters, a proxy route.
 * Time moves on the test clock; origin calls are counted, so nothing here sleeps.
 */
class StorageRulesScenariosTest extends FilterScenarios {

  /** IMF-fixdate (RFC 9110 §5.6.7); RFC_1123_DATE_TIME would drop the day's leading zero. */
  static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  // RFC 9111 §3: "a status code that is defined as heuristically cacheable" is only one way in;
  // explicit freshness is another.

  @Test
  void redirectWithMaxAge_onControllerRoute_isStoredAndReplayed() throws Exception {
    origin.on("/moved", (request, response, call) -> {
      response.setHeader("Cache-Control", "max-age=60");
      redirect(response, "/new-home");
    });
    start(Route.controller("/moved", rules("moved").build()));

    Reply miss = client.get("/moved");
    Reply hit = client.get("/moved");

    assertThat(miss.status()).isEqualTo(302);
    assertHit(hit);
    assertThat(hit.status()).isEqualTo(302);
    assertThat(hit.header("Location")).endsWith("/new-home");
    assertThat(origin.calls("/moved")).isEqualTo(1);
  }

  @Test
  void redirectWithoutFreshness_isNotStored() throws Exception {
    origin.on("/login", (request, response, call) -> redirect(response, "/sso"));
    start(Route.controller("/login", rules("login").build()));

    client.get("/login");
    Reply again = client.get("/login");

    assertThat(again.status()).isEqualTo(302);
    assertForwarded(again);
    assertThat(origin.calls("/login")).isEqualTo(2);
  }

  @Test
  void temporaryRedirectWithSMaxAge_onProxyRoute_isStored() throws Exception {
    wiremock().stubFor(get("/origin/tmp").willReturn(status(307)
        .withHeader("Location", "/elsewhere").withHeader("Cache-Control", "s-maxage=60")));
    start(Route.proxy("/p/**", rules("p-tmp").build(), upstream()));

    client.get("/p/tmp");
    Reply hit = client.get("/p/tmp");

    assertHit(hit);
    assertThat(hit.status()).isEqualTo(307);
    assertThat(hit.header("Location")).isEqualTo("/elsewhere");
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/tmp")));
  }

  @Test
  void badRequestWithExpires_onProxyRoute_isStoredUntilItExpires() throws Exception {
    String date = HTTP_DATE.format(clock.instant());
    String expires = HTTP_DATE.format(clock.instant().plusSeconds(30));
    wiremock().stubFor(get("/origin/bad").willReturn(aResponse().withStatus(400)
        .withHeader("Date", date).withHeader("Expires", expires).withBody("bad input")));
    start(Route.proxy("/p/**", rules("p-bad").freshFor(Duration.ofMinutes(10)).build(),
        upstream()));

    client.get("/p/bad");
    Reply hit = client.get("/p/bad");
    clock.advance(Duration.ofSeconds(31));
    Reply expired = client.get("/p/bad");

    assertHit(hit);
    assertThat(hit.status()).isEqualTo(400);
    assertThat(hit.text()).isEqualTo("bad input");
    assertForwarded(expired);
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/bad")));
  }

  @Test
  void publicRedirect_getsTheRoutesFreshness() throws Exception {
    origin.on("/shop", (request, response, call) -> {
      response.setHeader("Cache-Control", "public");
      redirect(response, "/shop/" + call);
    });
    start(Route.controller("/shop", rules("shop").freshFor(Duration.ofSeconds(10)).build()));

    client.get("/shop");
    Reply hit = client.get("/shop");
    clock.advance(Duration.ofSeconds(11));
    Reply refetched = client.get("/shop");

    assertHit(hit);
    assertThat(hit.header("Location")).endsWith("/shop/1");
    assertThat(refetched.header("Location")).endsWith("/shop/2");
    assertThat(origin.calls("/shop")).isEqualTo(2);
  }

  @Test
  void partialContent_isNeverStored_evenWithMaxAge() throws Exception {
    wiremock().stubFor(get("/origin/part").willReturn(aResponse().withStatus(206)
        .withHeader("Content-Range", "bytes 0-3/10").withHeader("Cache-Control", "max-age=60")
        .withBody("0123")));
    start(Route.proxy("/p/**", rules("p-part").build(), upstream()));

    client.get("/p/part");
    Reply again = client.get("/p/part");

    assertThat(again.status()).isEqualTo(206);
    assertThat(again.text()).isEqualTo("0123");
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/part")));
  }

  @Test
  void serverError_isNeverStored_evenWithMaxAge() throws Exception {
    origin.on("/down", (request, response, call) -> {
      response.setStatus(503);
      response.setHeader("Cache-Control", "max-age=60");
      write(response, "maintenance " + call);
    });
    start(Route.controller("/down", rules("down").build()));

    client.get("/down");
    Reply again = client.get("/down");

    assertThat(again.status()).isEqualTo(503);
    assertThat(again.text()).isEqualTo("maintenance 2");
    assertThat(origin.calls("/down")).isEqualTo(2);
  }

  @Test
  void explicitFreshness_doesNotLiftTheSafeDefaults() throws Exception {
    origin.on("/mine", (request, response, call) -> {
      response.setHeader("Cache-Control", "max-age=60, private");
      redirect(response, "/me");
    });
    origin.on("/cookie", (request, response, call) -> {
      response.setHeader("Cache-Control", "max-age=60");
      response.addHeader("Set-Cookie", "session=" + call);
      redirect(response, "/me");
    });
    start(Route.controller("/mine", rules("mine").build()),
        Route.controller("/cookie", rules("cookie").build()));

    client.get("/mine");
    client.get("/mine");
    client.get("/cookie");
    Reply second = client.get("/cookie");

    assertThat(origin.calls("/mine")).isEqualTo(2);
    assertThat(origin.calls("/cookie")).isEqualTo(2);
    assertThat(second.header("Set-Cookie")).isEqualTo("session=2");
  }

  // RFC 9111 §5.2.2.4: no-cache is stored, and validated with the origin before every reuse.

  @ParameterizedTest(name = "Cache-Control: {0}")
  @ValueSource(strings = {"no-cache", "no-cache=\"Set-Cookie\""})
  void noCacheResponse_onProxyRoute_isRevalidatedBeforeEveryReuse_andA304ServesTheStoredBody(
      String cacheControl) throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/feed").willReturn(ok("the feed")
        .withHeader("ETag", "\"v1\"").withHeader("Cache-Control", cacheControl)));
    upstream.stubFor(get("/origin/feed").withHeader("If-None-Match", equalTo("\"v1\""))
        .atPriority(1).willReturn(status(304).withHeader("ETag", "\"v1\"")
            .withHeader("Cache-Control", cacheControl)));
    start(Route.proxy("/p/**", rules("p-feed").staleFor(Duration.ofMinutes(1))
        .staleIfError(Duration.ofMinutes(1)).build(), upstream()));

    Reply miss = client.get("/p/feed");
    Reply second = client.get("/p/feed");
    Reply third = client.get("/p/feed");

    assertStoredMiss(miss);
    for (Reply r : List.of(second, third)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("the feed");
      assertThat(r.header("Cache-Control")).as("the client's copy is unchanged")
          .isEqualTo(cacheControl);
    }
    List<LoggedRequest> requests = upstream.findAll(getRequestedFor(urlEqualTo("/origin/feed")));
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).getHeader("If-None-Match")).as("the fill").isNull();
    assertThat(requests.subList(1, 3)).as("every reuse asks the origin first")
        .allSatisfy(r -> assertThat(r.getHeader("If-None-Match")).isEqualTo("\"v1\""));
  }

  @Test
  void noCacheResponse_withoutValidator_isNotStored() throws Exception {
    wiremock().stubFor(get("/origin/live").willReturn(ok("live")
        .withHeader("Cache-Control", "no-cache")));
    start(Route.proxy("/p/**", rules("p-live").build(), upstream()));

    client.get("/p/live");
    Reply again = client.get("/p/live");

    assertForwarded(again);
    assertThat(again.text()).isEqualTo("live");
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/live"))
        .withHeader("If-None-Match", absent()));
  }

  @Test
  void noCacheResponse_onControllerRoute_isNeverReusedWithoutTheController() throws Exception {
    origin.on("/score", (request, response, call) -> {
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("ETag", "\"s" + call + "\"");
      write(response, "score " + call);
    });
    start(Route.controller("/score", rules("score").staleFor(Duration.ofMinutes(1))
        .staleIfError(Duration.ofMinutes(1)).build()));

    Reply miss = client.get("/score");
    Reply second = client.get("/score");
    Reply third = client.get("/score");

    assertStoredMiss(miss);
    assertThat(second.text()).isEqualTo("score 2");
    assertThat(third.text()).isEqualTo("score 3");
    assertThat(origin.calls("/score")).isEqualTo(3);
  }

  // RFC 9111 §5.2.2.2, §5.2.2.8, §4.2.4: must-revalidate and proxy-revalidate are never served
  // stale, neither while refreshing nor for a failing origin, on every route.

  @ParameterizedTest(name = "respect-cache-control={0}")
  @ValueSource(booleans = {true, false})
  void mustRevalidate_onProxyRoute_isNeverServedStale_notEvenForAFailingUpstream(
      boolean respectCacheControl) throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/price").willReturn(ok("price 1")
        .withHeader("Cache-Control", "max-age=10, must-revalidate")));
    start(Route.proxy("/p/**", rules("p-price").freshFor(Duration.ofSeconds(10))
        .staleFor(Duration.ofMinutes(1)).staleIfError(Duration.ofMinutes(10))
        .respectCacheControl(respectCacheControl).build(), upstream()));
    client.get("/p/price");

    clock.advance(Duration.ofSeconds(15));
    upstream.stubFor(get("/origin/price").willReturn(ok("price 2")
        .withHeader("Cache-Control", "max-age=10, must-revalidate")));
    Reply refreshed = client.get("/p/price");
    clock.advance(Duration.ofSeconds(15));
    upstream.stubFor(get("/origin/price").willReturn(serviceUnavailable().withBody("down")));
    Reply failed = client.get("/p/price");

    assertThat(refreshed.text()).as("not the stale price while refreshing")
        .isEqualTo("price 2");
    assertThat(failed.status()).as("no stale stand-in").isEqualTo(502);
    assertThat(failed.text()).doesNotContain("price");
  }

  @Test
  void proxyRevalidate_onControllerRoute_isNeverStoodInForAFailingController()
      throws Exception {
    origin.on("/quote", (request, response, call) -> {
      if (call > 1) {
        response.sendError(500);
        return;
      }
      response.setHeader("Cache-Control", "max-age=10, proxy-revalidate, stale-if-error=600");
      write(response, "quote 1");
    });
    start(Route.controller("/quote", rules("quote").staleIfError(Duration.ofMinutes(10))
        .build()));
    client.get("/quote");

    clock.advance(Duration.ofSeconds(15));
    Reply failed = client.get("/quote");

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.text()).doesNotContain("quote 1");
    assertThat(origin.calls("/quote")).isEqualTo(2);
  }

  /**
   * A 302 as a controller returning {@code ResponseEntity.status(FOUND).location(...)} writes it.
   * Not {@code sendRedirect}: the filter never stores what that sends.
   */
  private static void redirect(HttpServletResponse response, String location) throws Exception {
    response.setStatus(302);
    response.setHeader("Location", location);
    write(response, "see " + location);
  }
}
