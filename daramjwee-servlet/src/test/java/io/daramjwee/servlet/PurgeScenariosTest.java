package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.store.memory.MemoryStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Purges by route and by path: what was stored before the purge is fetched again, in every tier
 * and for every variant, and nothing else is touched.
 */
class PurgeScenariosTest extends FilterScenarios {

  private DaramjweeFilter filter;

  @Test
  void purgeRoute_refetchesEveryEntryOfThatRouteOnly() throws Exception {
    origin.on("/news/a", (request, response, call) -> write(response, "a" + call));
    origin.on("/news/b", (request, response, call) -> write(response, "b" + call));
    origin.on("/other", (request, response, call) -> write(response, "o" + call));
    startWith(Route.controller("/news/**", rules("news").build()),
        Route.controller("/other", rules("other").build()));
    client.get("/news/a");
    client.get("/news/b");
    client.get("/other");
    clock.advance(Duration.ofSeconds(1));

    filter.purgeRoute("news");
    clock.advance(Duration.ofMillis(1)); // entries stored at the purge's instant count as purged

    assertStoredMiss(client.get("/news/a"));
    assertThat(client.get("/news/b").text()).isEqualTo("b2");
    assertHit(client.get("/other"));
    assertHit(client.get("/news/a")); // the new entry is stored after the purge, so it is served
    assertThat(origin.calls("/news/a")).isEqualTo(2);
    assertThat(origin.calls("/other")).isEqualTo(1);
  }

  @Test
  void purgePath_coversEveryQueryVariantOfThatPathAndNoOtherPath() throws Exception {
    origin.on("/items", (request, response, call) -> write(response,
        request.getQueryString() + " " + call));
    origin.on("/items/keep", (request, response, call) -> write(response, "keep " + call));
    startWith(Route.controller("/items/**", rules("items").build()),
        Route.controller("/items", rules("items-root").build()));
    client.get("/items?page=1");
    client.get("/items?page=2");
    client.get("/items/keep");
    clock.advance(Duration.ofSeconds(1));

    filter.purgePath("/items");
    clock.advance(Duration.ofMillis(1)); // entries stored at the purge's instant count as purged

    assertThat(client.get("/items?page=1").text()).isEqualTo("page=1 3");
    assertThat(client.get("/items?page=2").text()).isEqualTo("page=2 4");
    assertHit(client.get("/items/keep"));
    assertHit(client.get("/items?page=1"));
  }

  @Test
  void purge_reachesTheColdTier_soPromotionCannotBringThePurgedEntryBack() throws Exception {
    origin.on("/doc", (request, response, call) -> write(response, "doc " + call));
    MemoryStore hot = MemoryStore.builder().capacity(1 << 20).build();
    MemoryStore cold = MemoryStore.builder().capacity(1 << 20).build();
    DaramjweeCache cache = cache(hot, cold);
    filter = filter(cache).route(Route.controller("/doc", rules("doc").build())).build();
    start(filter, origin);
    client.get("/doc");
    org.awaitility.Awaitility.await("the fill reaches the cold tier")
        .until(() -> cold.entryCount() == 1);
    clock.advance(Duration.ofSeconds(1));

    filter.purgeRoute("doc");
    clock.advance(Duration.ofMillis(1)); // entries stored at the purge's instant count as purged

    assertThat(client.get("/doc").text()).isEqualTo("doc 2");
    assertThat(client.get("/doc").text()).isEqualTo("doc 2");
    assertThat(origin.calls("/doc")).isEqualTo(2);
  }

  @Test
  void purgeRoute_onAProxyRoute_refetchesFromTheUpstream() throws Exception {
    wiremock().stubFor(get("/origin/x").willReturn(ok("x")));
    startWith(Route.proxy("/p/**", rules("px").build(), upstream()));
    client.get("/p/x");
    assertHit(client.get("/p/x"));
    clock.advance(Duration.ofSeconds(1));

    filter.purgeRoute("px");
    clock.advance(Duration.ofMillis(1)); // entries stored at the purge's instant count as purged

    assertStoredMiss(client.get("/p/x"));
    assertHit(client.get("/p/x"));
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/x")));
  }

  @Test
  void aHardPurgedExpiredEntry_isFetchedWhole_neverRevalidatedBackToLife() throws Exception {
    // An origin that keeps its ETag although the body changed: a 304 would renew the old body.
    wiremock().stubFor(get("/origin/v").withHeader("If-None-Match", matching(".+"))
        .atPriority(1).willReturn(aResponse().withStatus(304).withHeader("ETag", "\"v1\"")));
    wiremock().stubFor(get("/origin/v").inScenario("v").whenScenarioStateIs(STARTED)
        .willSetStateTo("changed").atPriority(2)
        .willReturn(ok("old").withHeader("ETag", "\"v1\"")));
    wiremock().stubFor(get("/origin/v").inScenario("v").whenScenarioStateIs("changed")
        .atPriority(2).willReturn(ok("new").withHeader("ETag", "\"v1\"")));
    startWith(Route.proxy("/p/**", rules("pv").freshFor(Duration.ofSeconds(1))
        .respectCacheControl(false).build(), upstream()));
    assertThat(client.get("/p/v").text()).isEqualTo("old");
    clock.advance(Duration.ofSeconds(2)); // expired, so the next fetch could be conditional

    filter.purgePath("/p/v");
    clock.advance(Duration.ofMillis(1));

    assertThat(client.get("/p/v").text()).isEqualTo("new");
    wiremock().verify(0, getRequestedFor(urlEqualTo("/origin/v"))
        .withHeader("If-None-Match", matching(".+")));
  }

  @Test
  void anEntryStoredAfterThePurge_isServed() throws Exception {
    origin.on("/a", (request, response, call) -> write(response, "a" + call));
    startWith(Route.controller("/a", rules("r").build()));

    filter.purgeRoute("r");
    clock.advance(Duration.ofSeconds(1));
    client.get("/a");

    assertHit(client.get("/a"));
    assertThat(origin.calls("/a")).isEqualTo(1);
  }

  @Test
  void purgePath_rejectsAPathWithoutALeadingSlash() throws Exception {
    startWith(Route.controller("/a", rules("r").build()));

    assertThatThrownBy(() -> filter.purgePath("a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
  }

  private void startWith(Route... routes) throws Exception {
    DaramjweeFilter.Builder builder = filter(memoryCache());
    for (Route r : routes) {
      builder.route(r);
    }
    filter = builder.build();
    start(filter, origin);
  }
}
