package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * RFC 9111 §4.2.2, heuristic freshness: a response without explicit freshness on a route whose
 * {@code freshFor} is zero is fresh for a tenth of the time since its {@code Last-Modified}, at
 * most the route's {@code maxHeuristicFreshness}; the time it was received stands in for a
 * missing {@code Date}. And an answer that is not stored still carries an honest {@code Age}.
 * Time moves on the test clock.
 */
class HeuristicFreshnessScenariosTest extends FilterScenarios {

  private static final java.time.format.DateTimeFormatter HTTP_DATE =
      StorageRulesScenariosTest.HTTP_DATE;

  @Test
  void heuristicFreshness_onProxyRoute_isATenthOfTheLastModifiedAge_cappedByTheRoute()
      throws Exception {
    // Modified 10 days ago: a tenth is a day, capped at 1 h by the route.
    String tenDaysAgo = HTTP_DATE.format(clock.instant().minus(Duration.ofDays(10)));
    wiremock().stubFor(get("/origin/old").willReturn(ok("old page")
        .withHeader("Date", HTTP_DATE.format(clock.instant()))
        .withHeader("Last-Modified", tenDaysAgo)));
    start(Route.proxy("/p/**", rules("p-old").freshFor(Duration.ZERO)
        .maxHeuristicFreshness(Duration.ofHours(1)).build(), upstream()));

    client.get("/p/old");
    clock.advance(Duration.ofMinutes(59));
    Reply hit = client.get("/p/old");
    clock.advance(Duration.ofMinutes(2));
    Reply expired = client.get("/p/old");

    assertHit(hit);
    assertThat(hit.text()).isEqualTo("old page");
    assertForwarded(expired);
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/old")));
  }

  @Test
  void heuristicFreshness_onControllerRoute_fromItsDateAndLastModified() throws Exception {
    // The controller writes Date itself: Tomcat adds one only after the cache has decided.
    origin.on("/doc", (request, response, call) -> {
      response.setDateHeader("Date", clock.millis());
      response.setDateHeader("Last-Modified", clock.millis() - Duration.ofHours(5).toMillis());
      write(response, "doc " + call);
    });
    start(Route.controller("/doc", rules("doc").freshFor(Duration.ZERO).build()));

    client.get("/doc");
    clock.advance(Duration.ofMinutes(29));
    Reply hit = client.get("/doc");
    clock.advance(Duration.ofMinutes(2));
    Reply expired = client.get("/doc");

    assertHit(hit);
    assertThat(hit.text()).isEqualTo("doc 1");
    assertThat(expired.text()).isEqualTo("doc 2");
    assertThat(origin.calls("/doc")).isEqualTo(2);
  }

  @Test
  void heuristicFreshness_onControllerRoute_withoutADateOfItsOwn_countsFromReceipt()
      throws Exception {
    // Only Last-Modified: the cache takes the time it received the response for its Date.
    origin.on("/doc", (request, response, call) -> {
      response.setDateHeader("Last-Modified", clock.millis() - Duration.ofHours(5).toMillis());
      write(response, "doc " + call);
    });
    start(Route.controller("/doc", rules("doc").freshFor(Duration.ZERO).build()));

    client.get("/doc");
    clock.advance(Duration.ofMinutes(29));
    Reply hit = client.get("/doc");
    clock.advance(Duration.ofMinutes(2));
    Reply expired = client.get("/doc");

    assertHit(hit);
    assertThat(ttl(hit)).isEqualTo(60);
    assertThat(expired.text()).isEqualTo("doc 2");
    assertThat(origin.calls("/doc")).isEqualTo(2);
  }

  @Test
  void unstoredProxyMiss_carriesTheAgeOfItsOwnFetch() throws Exception {
    wiremock().stubFor(get("/origin/cookie").willReturn(aResponse()
        .withHeader("Set-Cookie", "s=1").withBody("personal")));
    start(Route.proxy("/p/**", rules("p-cookie").build(), upstream()));

    Reply miss = client.get("/p/cookie");

    assertThat(miss.text()).isEqualTo("personal");
    assertThat(miss.header("Age")).isIn(null, "0");
    assertThat(miss.cacheStatus()).doesNotContain("ttl=-");
  }

  @Test
  void noLastModifiedAndNoValidator_noHeuristic_andNotStored() throws Exception {
    wiremock().stubFor(get("/origin/bare").willReturn(ok("bare")));
    start(Route.proxy("/p/**", rules("p-bare").freshFor(Duration.ZERO).build(), upstream()));

    client.get("/p/bare");
    Reply again = client.get("/p/bare");

    assertForwarded(again);
    assertThat(again.text()).isEqualTo("bare");
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/bare"))
        .withHeader("If-None-Match", absent()));
  }
}
