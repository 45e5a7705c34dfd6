package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static io.daramjwee.servlet.ScriptedOrigin.text;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.daramjwee.http.RouteRules.ForwardHeaders;
import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request headers outside the cache key cannot change what another client receives. What the
 * cache guarantees, precisely:
 * <ul>
 *   <li>the key is the route, the path and query the request really has, and the values of the
 *       headers named by the route's {@code vary} or by the stored response's {@code Vary}; no
 *       other header (here {@code X-Forwarded-Host}, {@code X-Original-URL},
 *       {@code X-HTTP-Method-Override}) splits, selects or overwrites an entry;
 *   <li>the filter never honours them: a GET is a GET whatever it claims to override, and the
 *       URL is the request line's, not a header's;
 *   <li>the proxy never forwards them (whichever {@code forward-headers} mode), so an upstream
 *       response cannot depend on them.
 * </ul>
 * What it cannot guarantee: a controller sees the whole request, and one that reflects a header
 * it did not name in {@code Vary} poisons its own entry; the filter cannot know what a controller
 * reads. Named in {@code Vary}, the header keys the entry and clients stay apart (tested below).
 */
class UnkeyedHeaderScenariosTest extends FilterScenarios {

  private static final String[] ATTACK = {
      "X-Forwarded-Host", "evil.example",
      "X-Original-URL", "/admin",
      "X-HTTP-Method-Override", "DELETE",
  };

  @Test
  void unkeyedHeadersOnAMiss_neitherSplitNorPoisonTheKey() throws Exception {
    origin.on("/page", text("the page"));
    start(Route.controller("/page", rules("page").build()));

    Reply attacker = client.get("/page", ATTACK);
    Reply victim = client.get("/page");

    assertStoredMiss(attacker);
    assertHit(victim);
    assertThat(victim.text()).isEqualTo("the page");
    assertThat(origin.calls("/page")).isEqualTo(1);
  }

  @Test
  void methodOverrideHeader_isNotHonoured() throws Exception {
    origin.on("/item", (request, response, call) -> write(response, describe(request)));
    start(Route.controller("/item", rules("item").build()));

    Reply fill = client.get("/item", "X-HTTP-Method-Override", "POST");
    // Were it honoured as a POST, the filter would pass it through and invalidate the key.
    Reply overridden = client.get("/item", "X-HTTP-Method-Override", "DELETE");
    Reply plain = client.get("/item");

    assertStoredMiss(fill);
    assertThat(fill.text()).startsWith("GET ");
    assertHit(overridden);
    assertHit(plain);
    assertThat(plain.body()).isEqualTo(fill.body());
    assertThat(origin.calls("/item")).isEqualTo(1);
  }

  @Test
  void originalUrlHeader_neitherSelectsNorOverwritesAnotherEntry() throws Exception {
    origin.on("/public", text("public page"));
    origin.on("/admin", text("admin page"));
    start(Route.controller("/**", rules("site").build()));
    assertStoredMiss(client.get("/public"));

    Reply admin = client.get("/admin", "X-Original-URL", "/public");
    Reply publicPage = client.get("/public", "X-Original-URL", "/admin");

    assertStoredMiss(admin);
    assertThat(admin.text()).isEqualTo("admin page");
    assertHit(publicPage);
    assertThat(publicPage.text()).isEqualTo("public page");
    assertThat(client.get("/admin").text()).isEqualTo("admin page");
    assertThat(origin.calls("/public")).isEqualTo(1);
    assertThat(origin.calls("/admin")).isEqualTo(1);
  }

  @Test
  void headerReflectedByController_andNamedInVary_keepsClientsApart() throws Exception {
    origin.on("/links", (request, response, call) -> {
      response.setHeader("Vary", "X-Forwarded-Host");
      String host = request.getHeader("X-Forwarded-Host");
      write(response, "https://" + (host == null ? "shop.example" : host) + "/cart");
    });
    start(Route.controller("/links", rules("links").build()));

    Reply attacker = client.get("/links", ATTACK);
    Reply victim = client.get("/links");
    Reply victimAgain = client.get("/links");

    assertThat(attacker.text()).contains("evil.example");
    assertForwarded(victim);
    assertThat(victim.text()).isEqualTo("https://shop.example/cart");
    assertHit(victimAgain);
    assertThat(victimAgain.text()).isEqualTo("https://shop.example/cart");
    assertThat(origin.calls("/links")).isEqualTo(2);
  }

  /**
   * Both modes: {@code keyed} forwards only the vary fields; {@code all} (the default) forwards
   * end-to-end fields but holds these back, since they name another host, URL or method than the
   * key does.
   */
  @ParameterizedTest
  @EnumSource(ForwardHeaders.class)
  void proxyRoute_neverForwardsUnkeyedHeaders(ForwardHeaders mode) throws Exception {
    wiremock().stubFor(get("/origin/page").willReturn(ok("upstream page")));
    start(Route.proxy("/p/**", rules("p-page").forwardHeaders(mode).build(), upstream()));

    Reply attacker = client.get("/p/page", ATTACK);
    Reply victim = client.get("/p/page");

    assertStoredMiss(attacker);
    assertHit(victim);
    assertThat(victim.body()).isEqualTo(attacker.body());
    List<LoggedRequest> received = wiremock().findAll(anyRequestedFor(anyUrl()));
    assertThat(received).hasSize(1);
    LoggedRequest upstreamRequest = received.get(0);
    assertThat(upstreamRequest.getMethod().getName()).isEqualTo("GET");
    assertThat(upstreamRequest.getUrl()).isEqualTo("/origin/page");
    assertThat(upstreamRequest.containsHeader("X-Original-URL")).isFalse();
    assertThat(upstreamRequest.containsHeader("X-HTTP-Method-Override")).isFalse();
    // The proxy may set X-Forwarded-Host itself, from the Host it was sent; never the client's.
    for (HttpHeader h : upstreamRequest.getHeaders().all()) {
      assertThat(h.values()).as("upstream header %s", h.key())
          .noneMatch(v -> v.contains("evil.example") || v.contains("/admin"));
    }
  }

  /** What the controller saw: the method and the three headers, to show who honoured what. */
  private static String describe(HttpServletRequest request) {
    return request.getMethod() + " host=" + request.getHeader("X-Forwarded-Host") + " url="
        + request.getHeader("X-Original-URL") + " override="
        + request.getHeader("X-HTTP-Method-Override");
  }
}
