package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Targeted cache control (RFC 9213): a field aimed at this cache, the route's own
 * ({@code Daramjwee-Cache-Control} by default) and then {@code CDN-Cache-Control}, replaces
 * {@code Cache-Control} and {@code Expires} for this cache's storage and freshness, while
 * {@code Cache-Control} still reaches the client as the origin wrote it.
 */
class TargetedCacheControlScenariosTest extends FilterScenarios {

  @Test
  void cdnCacheControl_onProxyRoute_storesWhatCacheControlForbidsBrowsers_andPassesBothOn()
      throws Exception {
    wiremock().stubFor(get("/origin/page").willReturn(ok("page")
        .withHeader("Cache-Control", "no-store")
        .withHeader("CDN-Cache-Control", "max-age=60")));
    start(Route.proxy("/p/**", rules("p-page").build(), upstream()));

    Reply miss = client.get("/p/page");
    Reply hit = client.get("/p/page");

    assertStoredMiss(miss);
    assertHit(hit);
    for (Reply r : new Reply[] {miss, hit}) {
      assertThat(r.header("Cache-Control")).as("the browser's directives, unchanged")
          .isEqualTo("no-store");
      assertThat(r.header("CDN-Cache-Control")).isEqualTo("max-age=60");
    }
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/page")));
  }

  @Test
  void ownField_onControllerRoute_setsThisCachesFreshness_overCacheControl() throws Exception {
    origin.on("/news", (request, response, call) -> {
      response.setHeader("Cache-Control", "max-age=600");
      response.setHeader("Daramjwee-Cache-Control", "max-age=5");
      write(response, "news " + call);
    });
    start(Route.controller("/news", rules("news").build()));

    client.get("/news");
    clock.advance(Duration.ofSeconds(4));
    Reply hit = client.get("/news");
    clock.advance(Duration.ofSeconds(2));
    Reply refetched = client.get("/news");

    assertHit(hit);
    assertThat(hit.header("Cache-Control")).isEqualTo("max-age=600");
    assertThat(refetched.text()).isEqualTo("news 2");
    assertThat(origin.calls("/news")).isEqualTo(2);
  }

  @Test
  void ownField_outranksCdnCacheControl() throws Exception {
    wiremock().stubFor(get("/origin/both").willReturn(ok("both")
        .withHeader("CDN-Cache-Control", "no-store")
        .withHeader("Daramjwee-Cache-Control", "max-age=60")));
    start(Route.proxy("/p/**", rules("p-both").build(), upstream()));

    client.get("/p/both");
    Reply hit = client.get("/p/both");

    assertHit(hit);
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/both")));
  }

  @Test
  void targetedNoStore_overridesCacheControlsMaxAge() throws Exception {
    origin.on("/fresh", (request, response, call) -> {
      response.setHeader("Cache-Control", "max-age=60");
      response.setHeader("CDN-Cache-Control", "no-store");
      write(response, "fresh " + call);
    });
    start(Route.controller("/fresh", rules("fresh").build()));

    client.get("/fresh");
    Reply again = client.get("/fresh");

    assertThat(again.text()).isEqualTo("fresh 2");
    assertThat(origin.calls("/fresh")).isEqualTo(2);
  }

  @Test
  void configuredFieldName_isTheOneObeyed_andTheDefaultNameIsThenJustAField() throws Exception {
    origin.on("/edge", (request, response, call) -> {
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("Acme-Cache-Control", "max-age=60");
      write(response, "edge " + call);
    });
    origin.on("/other", (request, response, call) -> {
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("Daramjwee-Cache-Control", "max-age=60");
      write(response, "other " + call);
    });
    start(Route.controller("/edge", rules("edge").targetedCacheControl("Acme-Cache-Control")
            .build()),
        Route.controller("/other", rules("other").targetedCacheControl("Acme-Cache-Control")
            .build()));

    client.get("/edge");
    Reply edge = client.get("/edge");
    client.get("/other");
    Reply other = client.get("/other");

    assertHit(edge);
    assertThat(other.text()).as("Cache-Control's no-store decides").isEqualTo("other 2");
    assertThat(origin.calls("/edge")).isEqualTo(1);
    assertThat(origin.calls("/other")).isEqualTo(2);
  }

  @Test
  void unreadableTargetedField_isIgnored_andCacheControlDecides() throws Exception {
    // RFC 9213 §2.1: a targeted field that cannot be parsed is ignored.
    origin.on("/odd", (request, response, call) -> {
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("CDN-Cache-Control", "@@@");
      write(response, "odd " + call);
    });
    start(Route.controller("/odd", rules("odd").build()));

    client.get("/odd");
    Reply again = client.get("/odd");

    assertThat(again.text()).isEqualTo("odd 2");
    assertThat(origin.calls("/odd")).isEqualTo(2);
  }

  @Test
  void targetedField_makesThisCacheIgnoreExpires() throws Exception {
    // RFC 9213 §2.2: Expires is ignored too. Alone, "Expires: 0" would be stale at once and, with
    // no validator, never stored; beside a targeted field the route's freshness applies.
    wiremock().stubFor(get("/origin/exp").willReturn(ok("expiring")
        .withHeader("Expires", "0").withHeader("CDN-Cache-Control", "public")));
    start(Route.proxy("/p/**", rules("p-exp").build(), upstream()));

    client.get("/p/exp");
    Reply hit = client.get("/p/exp");

    assertHit(hit);
    assertThat(hit.header("Expires")).isEqualTo("0");
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/exp")));
  }
}
