package io.daramjwee.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.Json;
import io.daramjwee.spring.WithMetricsExport;
import io.daramjwee.store.memory.MemoryStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The actuator side of a running application: meters on {@code /actuator/prometheus}, the
 * {@code daramjwee} endpoint's summary and purges, the health of a failing tier and of the purge
 * marks.
 */
@SpringBootTest(classes = EndpointTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "management.endpoints.web.exposure.include=health,metrics,prometheus,daramjwee",
        "management.endpoint.health.show-details=always"})
@WithMetricsExport
class EndpointWebTest {

  private static final Pattern HOT_HITS = Pattern.compile(
      "^daramjwee_requests_total\\{result=\"hit\",route=\"greetings\",tier=\"hot\"} (\\S+)$",
      Pattern.MULTILINE);

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  AtomicInteger greetingCalls;

  @Autowired
  DaramjweeTiers tiers;

  @Autowired
  HealthFaultyStore coldStore;

  @Test
  void aMissThenAHit_countTheHitOfTheHotTierOnPrometheus() throws Exception {
    double before = hotHits();
    missThenHit("/greetings/prometheus");

    assertThat(hotHits()).isEqualTo(before + 1);
    assertThat(get("/actuator/prometheus").body())
        .contains("daramjwee_origin_fetches_total")
        .contains("daramjwee_store_size_bytes{tier=\"hot\"}");
  }

  @Test
  void theSummary_listsTheTiersAndTheRoute() throws Exception {
    HttpResponse<String> response = get("/actuator/daramjwee");

    assertThat(response.statusCode()).isEqualTo(200);
    Json summary = Json.parse(response.body());
    assertThat(summary.at("/tiers/0/name").text()).isEqualTo("hot");
    assertThat(summary.at("/tiers/0/type").text()).isEqualTo("memory");
    assertThat(summary.at("/tiers/0/capacity").asLong()).isEqualTo(1 << 20);
    assertThat(summary.at("/tiers/1/name").text()).isEqualTo("cold");
    assertThat(summary.at("/tiers/1/size").isNull()).as("a store that does not count").isTrue();
    assertThat(summary.at("/routes/0/id").text()).isEqualTo("greetings");
    assertThat(summary.at("/routes/0/tags/0").text()).isEqualTo("greetings");
    assertThat(summary.at("/routes/0/freshFor").text()).isEqualTo("PT1H");
    assertThat(summary.at("/routes/0/description").text()).contains("/greetings/{name}");
    assertThat(summary.at("/settings/coalesceTimeout").text()).isEqualTo("PT5S");
    assertThat(summary.at("/stats/originFetches").isNumber()).isTrue();
  }

  @Test
  void aPurgeByTag_makesTheNextRequestAMiss() throws Exception {
    missThenHit("/greetings/tagged");
    int calls = greetingCalls.get();

    HttpResponse<String> purge = delete("/actuator/daramjwee?tag=greetings");

    assertThat(purge.statusCode()).isEqualTo(200);
    assertThat(Json.parse(purge.body()).at("/routes/0").text()).isEqualTo("greetings");
    assertThat(get("/greetings/tagged").body()).isEqualTo("hello tagged");
    assertThat(greetingCalls).as("the controller answered again").hasValue(calls + 1);
  }

  @Test
  void aPurgeOfAnUnknownRoute_is404() throws Exception {
    HttpResponse<String> purge = delete("/actuator/daramjwee?route=unknown");

    assertThat(purge.statusCode()).isEqualTo(404);
    assertThat(purge.body()).contains("no route has the id 'unknown'");
  }

  @Test
  void aPurgeWithoutAParameter_is400() throws Exception {
    HttpResponse<String> purge = delete("/actuator/daramjwee");

    assertThat(purge.statusCode()).isEqualTo(400);
    assertThat(purge.body()).contains("give exactly one of key, path, route or tag");
  }

  @Test
  void aFailingTier_isDegraded_andTheApplicationStaysUpWith200() throws Exception {
    coldStore.failing = true;
    try {
      HttpResponse<String> response = get("/actuator/health");

      assertThat(response.statusCode()).isEqualTo(200);
      Json health = Json.parse(response.body());
      assertThat(health.at("/status").text()).isEqualTo("UP");
      assertThat(health.at("/components/daramjwee/components/cold/status").text())
          .isEqualTo("DEGRADED");
      assertThat(health.at("/components/daramjwee/components/cold/details/error").text())
          .contains("injected");
      assertThat(health.at("/components/daramjwee/components/hot/status").text())
          .isEqualTo("UP");
    } finally {
      coldStore.failing = false;
    }
  }

  @Test
  void thePurgeMarks_areAPartOfTheHealth_upWithWhereTheyLive() throws Exception {
    Json purges = Json.parse(get("/actuator/health").body())
        .at("/components/daramjwee/components/purges");

    assertThat(purges.at("/status").text()).isEqualTo("UP");
    assertThat(purges.at("/details/reconciled").text()).isEqualTo("true");
    assertThat(purges.at("/details/where").text()).isEqualTo("journal=none, channel=none");
  }

  /** Requests {@code path} twice: the controller answers the first, the hot tier the second. */
  private void missThenHit(String path) throws Exception {
    int calls = greetingCalls.get();
    MemoryStore hot = (MemoryStore) tiers.tiers().get(0).store();
    int entries = hot.entryCount();
    assertThat(get(path).body()).isEqualTo("hello " + path.substring(path.lastIndexOf('/') + 1));
    // The fill publishes after the last byte went out: wait for it rather than race it.
    await().until(() -> hot.entryCount() > entries);
    HttpResponse<String> hit = get(path);
    assertThat(hit.headers().firstValue("Cache-Status")).hasValueSatisfying(
        status -> assertThat(status).contains("hit"));
    assertThat(greetingCalls).hasValue(calls + 1);
  }

  private double hotHits() throws Exception {
    Matcher m = HOT_HITS.matcher(get("/actuator/prometheus").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
