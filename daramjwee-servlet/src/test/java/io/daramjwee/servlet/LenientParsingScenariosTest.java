package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static io.daramjwee.servlet.StorageRulesScenariosTest.HTTP_DATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Where a recipient may be lenient, the cache is (issue 15): HTTP-dates in any case
 * (RFC 9110 §5.6.7), an invalid {@code Expires} read as already expired (RFC 9111 §5.3), the
 * first of several {@code Age} values and none when that one is invalid (RFC 9111 §5.1), and a
 * {@code max-age} that is not a number ignored rather than read as zero.
 */
class LenientParsingScenariosTest extends FilterScenarios {

  @Test
  void expiresInLowerCase_onControllerRoute_setsTheFreshness() throws Exception {
    origin.on("/lower", (request, response, call) -> {
      response.setHeader("Date", HTTP_DATE.format(clock.instant()).toLowerCase(Locale.ROOT));
      response.setHeader("Expires",
          HTTP_DATE.format(clock.instant().plusSeconds(30)).toLowerCase(Locale.ROOT));
      write(response, "lower " + call);
    });
    start(Route.controller("/lower", rules("lower").freshFor(Duration.ofMinutes(10)).build()));

    client.get("/lower");
    clock.advance(Duration.ofSeconds(20));
    Reply hit = client.get("/lower");
    clock.advance(Duration.ofSeconds(11));
    Reply expired = client.get("/lower");

    assertHit(hit);
    assertThat(expired.text()).as("Expires, not the route's 10 min").isEqualTo("lower 2");
    assertThat(origin.calls("/lower")).isEqualTo(2);
  }

  @Test
  void invalidExpires_isAlreadyExpired_soTheEntryIsRevalidatedBeforeReuse() throws Exception {
    WireMockServer upstream = wiremock();
    upstream.stubFor(get("/origin/exp").willReturn(ok("expired at once")
        .withHeader("Expires", "never").withHeader("ETag", "\"e1\"")));
    upstream.stubFor(get("/origin/exp").withHeader("If-None-Match", equalTo("\"e1\""))
        .atPriority(1).willReturn(status(304).withHeader("ETag", "\"e1\"")));
    start(Route.proxy("/p/**", rules("p-exp").freshFor(Duration.ofMinutes(10)).build(),
        upstream()));

    client.get("/p/exp");
    Reply second = client.get("/p/exp");

    assertThat(second.text()).isEqualTo("expired at once");
    upstream.verify(1, getRequestedFor(urlEqualTo("/origin/exp"))
        .withHeader("If-None-Match", absent()));
    upstream.verify(1, getRequestedFor(urlEqualTo("/origin/exp"))
        .withHeader("If-None-Match", equalTo("\"e1\"")));
  }

  @Test
  void ageWithSeveralValues_theFirstCounts() throws Exception {
    wiremock().stubFor(get("/origin/aged").willReturn(ok("aged")
        .withHeader("Cache-Control", "max-age=60").withHeader("Age", "20, 5")));
    start(Route.proxy("/p/**", rules("p-aged").build(), upstream()));

    client.get("/p/aged");
    clock.advance(Duration.ofSeconds(35));
    Reply hit = client.get("/p/aged");
    clock.advance(Duration.ofSeconds(6));
    Reply expired = client.get("/p/aged");

    assertHit(hit);
    assertThat(hit.header("Age")).as("20 s upstream, 35 s here").isEqualTo("55");
    assertForwarded(expired);
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/aged")));
  }

  @Test
  void ageWithAnInvalidFirstValue_isIgnored() throws Exception {
    // RFC 9111 §5.1: "old, 30" is no Age at all, not an Age of 30.
    wiremock().stubFor(get("/origin/odd").willReturn(ok("odd")
        .withHeader("Cache-Control", "max-age=60").withHeader("Age", "old, 30")));
    start(Route.proxy("/p/**", rules("p-odd").build(), upstream()));

    client.get("/p/odd");
    clock.advance(Duration.ofSeconds(45));
    Reply hit = client.get("/p/odd");

    assertHit(hit);
    assertThat(hit.header("Age")).isEqualTo("45");
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/odd")));
  }

  @Test
  void maxAgeThatIsNotANumber_isIgnored_andTheRoutesFreshnessApplies() throws Exception {
    origin.on("/typo", (request, response, call) -> {
      response.setHeader("Cache-Control", "max-age=soon");
      write(response, "typo " + call);
    });
    start(Route.controller("/typo", rules("typo").freshFor(Duration.ofSeconds(30)).build()));

    client.get("/typo");
    clock.advance(Duration.ofSeconds(20));
    Reply hit = client.get("/typo");
    clock.advance(Duration.ofSeconds(11));
    Reply expired = client.get("/typo");

    assertHit(hit);
    assertThat(hit.text()).isEqualTo("typo 1");
    assertThat(expired.text()).isEqualTo("typo 2");
    assertThat(origin.calls("/typo")).isEqualTo(2);
  }
}
