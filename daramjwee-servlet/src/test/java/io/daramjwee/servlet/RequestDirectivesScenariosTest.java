package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.http.RouteRules;
import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The request's own {@code Cache-Control} (RFC 9111 §5.2.1). {@code only-if-cached} is honoured
 * on every route: what is stored, or 504, and the origin never hears of it. {@code max-age},
 * {@code min-fresh}, {@code max-stale} and {@code no-cache} only where the route sets
 * {@code honor-request-cache-control}: by default a browser's reload cannot force origin traffic
 * through a shared cache ({@link ReloadAndConditionalScenariosTest} shows the default too).
 */
class RequestDirectivesScenariosTest extends FilterScenarios {

  private static final String LAST_MODIFIED = "Tue, 15 Nov 1994 12:45:26 GMT";

  private DaramjweeCache cache;

  /** Starts a controller route over everything with {@code rules}. */
  private void startController(RouteRules rules) throws Exception {
    cache = memoryCache();
    start(filter(cache).route(Route.controller("/**", rules)).build(), origin);
  }

  private static RouteRules.Builder honoring() {
    return rules("site").honorRequestCacheControl(true);
  }

  /** An answer served without going forward and without a body from the origin: 504. */
  private static void assertOnlyIfCachedMiss(Reply reply) {
    assertThat(reply.status()).as("RFC 9111 §5.2.1.7: %s", reply).isEqualTo(504);
    Member m = Member.of(reply);
    assertThat(m.param("detail")).isEqualTo("only-if-cached");
    assertThat(m.has("stored")).isFalse();
  }

  private static void assertRevalidated(Reply reply) {
    Member m = Member.of(reply);
    assertThat(m.forward()).as("fwd of %s", reply).isEqualTo("stale");
    assertThat(m.param("fwd-status")).as("fwd-status of %s", reply).isEqualTo("304");
  }

  // ---- only-if-cached, §5.2.1.7: always ----

  @Test
  void onlyIfCached_onControllerRoute_isAnswered504WithoutRunningTheController_thenFromTheCache()
      throws Exception {
    origin.on("/page", (request, response, call) -> write(response, "page " + call));
    startController(rules("site").build());

    Reply nothing = client.get("/page", "Cache-Control", "only-if-cached");
    Reply nothingHead = client.head("/page", "Cache-Control", "only-if-cached");
    assertStoredMiss(client.get("/page"));
    Reply stored = client.get("/page", "Cache-Control", "only-if-cached");

    assertOnlyIfCachedMiss(nothing);
    assertThat(nothing.text()).contains("only-if-cached");
    assertOnlyIfCachedMiss(nothingHead);
    assertThat(nothingHead.body()).isEmpty();
    assertHit(stored);
    assertThat(stored.text()).isEqualTo("page 1");
    assertThat(origin.calls("/page")).isEqualTo(1);
  }

  @Test
  void onlyIfCached_onAnExpiredEntry_or_aBypassedRequest_is504() throws Exception {
    origin.on("/page", (request, response, call) -> write(response, "page " + call));
    startController(rules("site").freshFor(Duration.ofSeconds(10)).build());
    assertStoredMiss(client.get("/page"));

    Reply authorized = client.get("/page", "Cache-Control", "only-if-cached",
        "Authorization", "Bearer x");
    Reply post = client.post("/page", "x", "Cache-Control", "only-if-cached");
    clock.advance(Duration.ofSeconds(15));
    Reply expired = client.get("/page", "Cache-Control", "only-if-cached");

    assertOnlyIfCachedMiss(authorized);
    assertOnlyIfCachedMiss(post);
    assertOnlyIfCachedMiss(expired);
    assertThat(origin.calls("/page")).isEqualTo(1);
  }

  @Test
  void onlyIfCached_onProxyRoute_isAnswered504WithoutAnUpstreamRequest_thenFromTheCache()
      throws Exception {
    wiremock().stubFor(get("/origin/item").willReturn(aResponse().withBody("item")));
    start(Route.proxy("/p/**", rules("p").build(), upstream()));

    Reply nothing = client.get("/p/item", "Cache-Control", "only-if-cached");
    Reply nothingHead = client.head("/p/item", "Cache-Control", "only-if-cached");
    wiremock().verify(0, anyRequestedFor(anyUrl()));
    assertStoredMiss(client.get("/p/item"));
    Reply stored = client.get("/p/item", "Cache-Control", "only-if-cached");

    assertOnlyIfCachedMiss(nothing);
    assertOnlyIfCachedMiss(nothingHead);
    assertHit(stored);
    assertThat(stored.text()).isEqualTo("item");
    wiremock().verify(1, anyRequestedFor(anyUrl()));
  }

  // ---- max-age, min-fresh, max-stale, no-cache, §5.2.1.1-4: only when honoured ----

  @Test
  void reloadAndFreshnessDirectives_areNotHonouredByDefault() throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", LAST_MODIFIED);
    origin.on("/doc", doc);
    startController(rules("site").freshFor(Duration.ofSeconds(60)).build());
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(20));

    for (String[] directive : new String[][] {{"Cache-Control", "no-cache"},
        {"Cache-Control", "max-age=0"}, {"Cache-Control", "max-age=10"},
        {"Cache-Control", "min-fresh=50"}, {"Pragma", "no-cache"}}) {
      Reply reply = client.get("/doc", directive);
      assertHit(reply);
      assertThat(reply.text()).isEqualTo("the document");
    }
    clock.advance(Duration.ofSeconds(50));
    Reply maxStale = client.get("/doc", "Cache-Control", "max-stale=60");

    assertThat(Member.of(maxStale).hit()).as("an expired entry is not served stale").isFalse();
    assertThat(origin.calls("/doc")).isEqualTo(2);
  }

  @Test
  void noCache_revalidatesEvenAFreshEntry_andA304ServesItRenewed_whenHonoured()
      throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", LAST_MODIFIED);
    origin.on("/doc", doc);
    startController(honoring().build());
    assertStoredMiss(client.get("/doc"));

    Reply noCache = client.get("/doc", "Cache-Control", "no-cache");
    Reply pragma = client.get("/doc", "Pragma", "no-cache");
    Reply maxAgeZero = client.get("/doc", "Cache-Control", "max-age=0");
    Reply plain = client.get("/doc");

    for (Reply reply : new Reply[] {noCache, pragma, maxAgeZero}) {
      assertRevalidated(reply);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.text()).isEqualTo("the document");
    }
    assertHit(plain);
    assertThat(doc.validators).containsExactly("null | null",
        "\"v1\" | " + LAST_MODIFIED, "\"v1\" | " + LAST_MODIFIED, "\"v1\" | " + LAST_MODIFIED);
    assertThat(doc.bodies).as("full bodies the controller sent").hasValue(1);
  }

  @Test
  void maxAgeAndMinFresh_revalidateOnlyAnEntryTheyRefuse_whenHonoured() throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", null);
    origin.on("/doc", doc);
    startController(honoring().freshFor(Duration.ofSeconds(60)).build());
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(20));

    Reply youngEnough = client.get("/doc", "Cache-Control", "max-age=30");
    Reply freshEnough = client.get("/doc", "Cache-Control", "min-fresh=30");
    Reply tooOld = client.get("/doc", "Cache-Control", "max-age=10");
    clock.advance(Duration.ofSeconds(20));
    Reply notFreshEnough = client.get("/doc", "Cache-Control", "min-fresh=50");

    assertHit(youngEnough);
    assertHit(freshEnough);
    assertRevalidated(tooOld);
    assertThat(tooOld.text()).isEqualTo("the document");
    assertRevalidated(notFreshEnough);
    assertThat(origin.calls("/doc")).isEqualTo(3);
    assertThat(doc.bodies).hasValue(1);
  }

  @Test
  void maxStale_servesAnExpiredEntryInsideIt_butNeverOneThatMustRevalidate_whenHonoured()
      throws Exception {
    origin.on("/plain", (request, response, call) -> write(response, "plain " + call));
    origin.on("/other", (request, response, call) -> write(response, "other " + call));
    origin.on("/strict", (request, response, call) -> {
      response.setHeader("Cache-Control", "max-age=10, must-revalidate");
      write(response, "strict " + call);
    });
    startController(honoring().freshFor(Duration.ofSeconds(10)).build());
    assertStoredMiss(client.get("/plain"));
    assertStoredMiss(client.get("/other"));
    assertStoredMiss(client.get("/strict"));
    clock.advance(Duration.ofSeconds(20));

    Reply inside = client.get("/plain", "Cache-Control", "max-stale=30");
    Reply tooStale = client.get("/other", "Cache-Control", "max-stale=5");
    Reply strict = client.get("/strict", "Cache-Control", "max-stale");

    assertHit(inside);
    assertThat(inside.text()).isEqualTo("plain 1");
    assertThat(ttl(inside)).isEqualTo(-10);
    assertStoredMiss(tooStale);
    assertThat(tooStale.text()).isEqualTo("other 2");
    assertStoredMiss(strict);
    assertThat(strict.text()).as("RFC 9111 §5.2.2.2").isEqualTo("strict 2");
  }

  @Test
  void maxStale_servesAnExpiredEntryStale_andRefreshesItBehind_whenHonoured() throws Exception {
    origin.on("/plain", (request, response, call) -> write(response, "plain " + call));
    startController(honoring().freshFor(Duration.ofSeconds(10)).build());
    assertStoredMiss(client.get("/plain"));
    clock.advance(Duration.ofSeconds(20));

    Reply stale = client.get("/plain", "Cache-Control", "max-stale=30");
    await("the refresh to be published").until(() -> cache.stats().published() == 2);
    Reply refreshed = client.get("/plain");

    assertHit(stale);
    assertThat(stale.text()).isEqualTo("plain 1");
    assertThat(ttl(stale)).isEqualTo(-10);
    assertHit(refreshed);
    assertThat(refreshed.text()).isEqualTo("plain 2");
  }

  @Test
  void noCache_onProxyRoute_isAConditionalUpstreamRequest_whenHonoured() throws Exception {
    wiremock().stubFor(get("/origin/item").withHeader("If-None-Match", absent())
        .willReturn(aResponse().withHeader("ETag", "\"i1\"").withBody("item")));
    wiremock().stubFor(get("/origin/item").withHeader("If-None-Match", equalTo("\"i1\""))
        .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"i1\"")));
    start(Route.proxy("/p/**", rules("p").honorRequestCacheControl(true).build(), upstream()));
    assertStoredMiss(client.get("/p/item"));

    Reply noCache = client.get("/p/item", "Cache-Control", "no-cache");
    Reply plain = client.get("/p/item");

    assertRevalidated(noCache);
    assertThat(noCache.text()).isEqualTo("item");
    assertHit(plain);
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/item"))
        .withHeader("If-None-Match", equalTo("\"i1\"")));
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/item")));
  }
}
