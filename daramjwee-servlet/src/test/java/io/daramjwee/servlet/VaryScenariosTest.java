package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 9111 §4.1, a response's {@code Vary}: stored on its first fill with the values the request
 * had for the nominated fields, served to a later request only when its own values match (after
 * combining repeated fields and normalising whitespace, whatever the order of the {@code Vary}
 * list); another request is a miss that stores its own variant beside it. On both route kinds.
 */
class VaryScenariosTest extends FilterScenarios {

  private DaramjweeFilter filter;

  private void startWith(Route... routes) throws Exception {
    DaramjweeFilter.Builder builder = filter(memoryCache());
    for (Route r : routes) {
      builder.route(r);
    }
    filter = builder.build();
    start(filter, origin);
  }

  /** A controller that answers by language and says so, in the given {@code Vary}. */
  private void greeting(String vary) {
    origin.on("/greeting", (request, response, call) -> {
      response.setHeader("Vary", vary);
      String language = request.getHeader("Accept-Language");
      write(response, (language == null ? "none" : language) + " " + call);
    });
  }

  @Test
  void matchingIgnoresVaryOrderRepetitionAndWhitespace() throws Exception {
    origin.on("/menu", (request, response, call) -> {
      response.setHeader("Vary", call == 1 ? "Accept, Accept-Language" : "accept-language,accept");
      write(response, "menu " + call);
    });
    startWith(Route.controller("/menu", rules("menu").build()));

    Reply first = client.get("/menu", "Accept", "text/html,  application/json",
        "Accept-Language", "ko");
    // The same values split over two fields, with other whitespace: RFC 9110 §5.3 makes them one.
    Reply same = client.get("/menu", "Accept", "text/html", "Accept", "application/json",
        "Accept-Language", " ko ");
    Reply other = client.get("/menu", "Accept", "text/html", "Accept-Language", "ko");

    assertStoredMiss(first);
    assertHit(same);
    assertThat(same.text()).isEqualTo("menu 1");
    assertStoredMiss(other);
    assertThat(other.text()).isEqualTo("menu 2");
    assertThat(origin.calls("/menu")).isEqualTo(2);
  }

  @Test
  void requestWithoutANominatedField_matchesOnlyAVariantStoredWithoutIt() throws Exception {
    greeting("Accept-Language");
    startWith(Route.controller("/greeting", rules("greeting").build()));

    assertStoredMiss(client.get("/greeting"));
    Reply withLanguage = client.get("/greeting", "Accept-Language", "en");
    Reply withoutAgain = client.get("/greeting");
    Reply emptyLanguage = client.get("/greeting", "Accept-Language", "");

    assertStoredMiss(withLanguage);
    assertThat(withLanguage.text()).isEqualTo("en 2");
    assertHit(withoutAgain);
    assertThat(withoutAgain.text()).isEqualTo("none 1");
    assertThat(emptyLanguage.text()).as("present but empty is not absent")
        .isNotEqualTo("none 1");
  }

  @Test
  void varyStar_isNeverReused() throws Exception {
    origin.on("/star", (request, response, call) -> {
      response.setHeader("Vary", "*");
      write(response, "star " + call);
    });
    startWith(Route.controller("/star", rules("star").build()));

    client.get("/star");
    Reply again = client.get("/star");

    assertThat(again.text()).isEqualTo("star 2");
    assertThat(Member.of(again).hit()).isFalse();
  }

  @Test
  void purgeByPath_coversEveryVariant() throws Exception {
    greeting("Accept-Language");
    startWith(Route.controller("/greeting", rules("greeting").build()));
    client.get("/greeting", "Accept-Language", "en");
    client.get("/greeting", "Accept-Language", "de");
    assertHit(client.get("/greeting", "Accept-Language", "de"));
    clock.advance(Duration.ofSeconds(1));

    filter.purgePath("/greeting");
    clock.advance(Duration.ofMillis(1));

    assertThat(client.get("/greeting", "Accept-Language", "en").text()).isEqualTo("en 3");
    assertThat(client.get("/greeting", "Accept-Language", "de").text()).isEqualTo("de 4");
  }

  @Test
  void staleRefreshOfTheFirstVariant_asksForThatVariant() throws Exception {
    greeting("Accept-Language");
    startWith(Route.controller("/greeting",
        rules("greeting").staleFor(Duration.ofMinutes(5)).build()));
    assertStoredMiss(client.get("/greeting", "Accept-Language", "en"));
    clock.advance(Duration.ofSeconds(61));

    Reply stale = client.get("/greeting", "Accept-Language", "en");

    assertHit(stale);
    assertThat(stale.text()).isEqualTo("en 1");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> origin.calls("/greeting") == 2);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> client.get("/greeting", "Accept-Language", "en").text().equals("en 2"));
    assertThat(origin.calls("/greeting")).as("the refresh rendered the entry's own language")
        .isEqualTo(2);
  }

  @Test
  void concurrentFirstRequestsInTwoLanguages_eachGetTheirOwn() throws Exception {
    greeting("Accept-Language");
    startWith(Route.controller("/greeting", rules("greeting").build()));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String[]>> replies = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String language = i % 2 == 0 ? "en" : "de";
        Callable<String[]> call = () -> new String[] {language,
            client.get("/greeting", "Accept-Language", language).text()};
        replies.add(pool.submit(call));
      }
      for (Future<String[]> reply : replies) {
        String[] r = reply.get(30, TimeUnit.SECONDS);
        assertThat(r[1]).as("a %s request", r[0]).startsWith(r[0] + " ");
      }
    } finally {
      pool.shutdownNow();
    }
    assertHit(client.get("/greeting", "Accept-Language", "en"));
    assertHit(client.get("/greeting", "Accept-Language", "de"));
  }

}
