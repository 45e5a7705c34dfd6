package com.example.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The application started as it is run (not as a {@code @SpringBootTest}, which turns metrics
 * export off), on a random port: a cached hit, the meters, the per-tier health, the endpoint.
 */
class ExampleApplicationTest {

  @TempDir
  static Path cold;

  private static ConfigurableApplicationContext app;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    app = SpringApplication.run(ExampleApplication.class, "--server.port=0",
        "--daramjwee.cold.file.directory=" + cold);
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void runsOnBoot3_5_withNothingOfTheOtherGeneration() {
    assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    String otherHealth = "org.springframework.boot.health.contributor.HealthContributor";
    assertThat(ClassUtils.isPresent(otherHealth, null)).as("the other generation's health type")
        .isFalse();
  }

  @Test
  void theStarterBringsEhcacheAndHttpClient_butNoAwsSdk() {
    assertThat(ClassUtils.isPresent("org.ehcache.Cache", null)).isTrue();
    assertThat(ClassUtils.isPresent("org.apache.hc.client5.http.classic.HttpClient", null))
        .isTrue();
    assertThat(ClassUtils.isPresent("software.amazon.awssdk.services.s3.S3Client", null))
        .as("the S3 tier is opt-in").isFalse();
  }

  @Test
  void theSecondRequest_isAHit_andTheControllerRanOnce() throws Exception {
    int calls = ExampleApplication.CALLS.get();
    assertThat(get("/hello/hit").body()).isEqualTo("hello hit");
    await().untilAsserted(() -> assertThat(get("/hello/hit").headers()
        .firstValue("Cache-Status")).hasValueSatisfying(s -> assertThat(s).contains("hit")));
    assertThat(ExampleApplication.CALLS.get()).isEqualTo(calls + 1);
  }

  @Test
  void prometheus_showsTheRequestsCounter() throws Exception {
    get("/hello/meters");

    assertThat(get("/actuator/prometheus").body()).contains("daramjwee_requests_total{")
        .contains("daramjwee_store_size_bytes{tier=\"hot\"}");
  }

  @Test
  void health_hasADaramjweeComponentWithOneEntryPerTier_andThePurgeMarks() throws Exception {
    JsonNode daramjwee = json.readTree(get("/actuator/health").body())
        .path("components").path("daramjwee");

    assertThat(daramjwee.path("components").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("hot", "cold", "purges"); // the endpoint sorts them
    assertThat(daramjwee.path("components").path("hot").path("status").asText())
        .isEqualTo("UP");
    assertThat(daramjwee.path("components").path("purges").path("status").asText())
        .isEqualTo("UP");
  }

  @Test
  void theEndpoint_listsTheTiers() throws Exception {
    HttpResponse<String> summary = get("/actuator/daramjwee");

    assertThat(summary.statusCode()).isEqualTo(200);
    assertThat(json.readTree(summary.body()).at("/tiers/1/type").asText()).isEqualTo("file");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
