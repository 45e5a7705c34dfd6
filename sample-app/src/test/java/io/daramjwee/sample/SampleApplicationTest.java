package io.daramjwee.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's curl session as scenarios against the running sample app, driven by a real HTTP
 * client. Time is a {@link MutableClock} bean that the starter and the controllers share; the
 * waits are bounded, so a starter that kept the system clock would still pass, only slower.
 *
 * <p>The app listens on a port picked here rather than a random one, because the proxy route's
 * upstream ({@code http://127.0.0.1:${server.port}/origin}) is bound before a random port is known.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureMetrics
@DirtiesContext // the context owns files under the temporary directory; close it before it goes
class SampleApplicationTest {

  private static final int PORT = freePort();
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path cacheDirectory;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("daramjwee.hot.ehcache.directory", () -> cacheDirectory.resolve("ehcache").toString());
    registry.add("daramjwee.cold.file.directory", () -> cacheDirectory.resolve("cold").toString());
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock(Instant.now());
    }
  }

  @Autowired MutableClock clock;
  @Autowired ArticleDatabase database;
  @Autowired OriginController origin;

  @Test
  void startsAndAnswersOnItsPort() {
    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("daramjwee sample app is running");
  }

  @Test
  void anArticle_isLoadedFromTheDatabaseOnce_thenServedFromTheCache() {
    long before = database.calls();

    HttpResponse<String> miss = get("/articles/1");
    HttpResponse<String> hit = get("/articles/1");

    assertThat(miss.statusCode()).isEqualTo(200);
    assertMissStored(miss);
    assertThat(miss.body()).contains("\"id\":1", "\"generatedAt\":", "\"dbCalls\":");
    assertFreshHit(hit);
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(database.calls()).isEqualTo(before + 1);
  }

  @Test
  void time_pastItsFreshWindow_isServedStaleAtOnce_thenRefreshedBehindIt() {
    HttpResponse<String> first = get("/time");
    assertMissStored(first);

    clock.advance(Duration.ofSeconds(3));
    HttpResponse<String> stale = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
        .until(() -> get("/time"), r -> Status.of(r).staleHit());
    HttpResponse<String> refreshed = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
        .until(() -> get("/time"), r -> !r.body().equals(first.body()));

    assertThat(stale.body()).isEqualTo(first.body());
    assertFreshHit(refreshed);
  }

  @Test
  void proxy_missThenHit_thenRevalidatedByTheOriginWith304() {
    long full = origin.fullResponses();
    long notModified = origin.notModifiedResponses();

    HttpResponse<String> miss = get("/proxy/items/a");
    HttpResponse<String> hit = get("/proxy/items/a");

    assertThat(miss.statusCode()).isEqualTo(200);
    assertMissStored(miss);
    assertThat(miss.body()).contains("\"name\":\"a\"");
    assertThat(miss.headers().firstValue("ETag")).isPresent();
    assertFreshHit(hit);
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(origin.fullResponses()).isEqualTo(full + 1);

    clock.advance(OriginController.MAX_AGE.plusSeconds(1));
    HttpResponse<String> revalidated = await().atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200)).until(() -> get("/proxy/items/a"),
            r -> Status.of(r).revalidated());

    assertThat(revalidated.statusCode()).isEqualTo(200);
    assertThat(revalidated.body()).isEqualTo(miss.body());
    assertThat(origin.notModifiedResponses()).isEqualTo(notModified + 1);
    assertThat(origin.fullResponses()).isEqualTo(full + 1);
  }

  @Test
  void aReport_streamsTheSameBytesOnAMissAndOnAHit() throws IOException {
    long expected = crcOfReport(1, 8);

    Download miss = download("/reports/1?sizeMb=8");

    assertThat(miss.status).isEqualTo(200);
    assertThat(miss.contentType).isEqualTo("application/octet-stream");
    assertThat(miss.length).isEqualTo(8 * ReportBytes.MIB);
    assertThat(miss.crc).isEqualTo(expected);
    assertThat(Status.parse(miss.cacheStatus).storedMiss()).as(miss.cacheStatus).isTrue();

    // Published when the container completes the async request, which may trail the last byte.
    Download hit = await().atMost(PATIENCE).until(() -> download("/reports/1?sizeMb=8"),
        d -> Status.parse(d.cacheStatus).hit());

    assertThat(hit.length).isEqualTo(8 * ReportBytes.MIB);
    assertThat(hit.crc).isEqualTo(expected);
  }

  @Test
  void aReport_ofAnImpossibleSize_isABadRequest() {
    assertThat(get("/reports/1?sizeMb=0").statusCode()).isEqualTo(400);
    assertThat(get("/reports/1?sizeMb=4097").statusCode()).isEqualTo(400);
    assertThat(get("/reports/1?sizeMb=lots").statusCode()).isEqualTo(400);
  }

  @Test
  void actuator_showsHealthPerTierMetricsAndCacheStats() {
    get("/articles/3");

    HttpResponse<String> health = get("/actuator/health");
    HttpResponse<String> prometheus = get("/actuator/prometheus");
    HttpResponse<String> stats = get("/actuator/daramjwee");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"", "daramjwee");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("daramjwee_");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.body()).startsWith("{");
  }

  @Test
  void purgingTheArticlesTag_makesTheNextArticleRequestAMiss() {
    get("/articles/2");
    assertFreshHit(get("/articles/2"));
    long before = database.calls();

    HttpResponse<String> purge = send(HttpRequest.newBuilder(uri("/actuator/daramjwee?tag=articles"))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> afterPurge = get("/articles/2");

    assertThat(purge.statusCode()).isBetween(200, 299);
    assertMissStored(afterPurge);
    assertThat(database.calls()).isEqualTo(before + 1);
  }

  /** Went to the origin, which answered 200, and was stored: {@code fwd=miss; fwd-status=200; stored}. */
  private static void assertMissStored(HttpResponse<?> response) {
    assertThat(Status.of(response).storedMiss()).as(cacheStatus(response)).isTrue();
  }

  /** Served from the cache while fresh: {@code hit; ttl=N} with N at least 0. */
  private static void assertFreshHit(HttpResponse<?> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Status.of(response).freshHit()).as(cacheStatus(response)).isTrue();
  }

  /**
   * daramjwee's member of the {@code Cache-Status} field (RFC 9211), so assertions say what they
   * mean and ignore parameters they do not care about (a proxy miss also carries a {@code ttl}).
   */
  private record Status(boolean hit, Map<String, String> params) {

    static Status of(HttpResponse<?> response) {
      return parse(cacheStatus(response));
    }

    static Status parse(String field) {
      Map<String, String> params = new HashMap<>();
      boolean hit = false;
      String[] parts = field.split(";");
      for (int i = 1; i < parts.length && parts[0].trim().equals("daramjwee"); i++) {
        String part = parts[i].trim();
        int eq = part.indexOf('=');
        if (part.equals("hit")) {
          hit = true;
        } else {
          params.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
        }
      }
      return new Status(hit, params);
    }

    boolean storedMiss() {
      return "miss".equals(params.get("fwd")) && "200".equals(params.get("fwd-status"))
          && params.containsKey("stored");
    }

    boolean freshHit() {
      return hit && params.containsKey("ttl") && Long.parseLong(params.get("ttl")) >= 0;
    }

    boolean staleHit() {
      return hit && params.containsKey("ttl") && Long.parseLong(params.get("ttl")) < 0;
    }

    boolean revalidated() {
      return "stale".equals(params.get("fwd")) && "304".equals(params.get("fwd-status"));
    }
  }

  private static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("(none)");
  }

  private static long crcOfReport(long id, int sizeMb) throws IOException {
    CRC32 crc = new CRC32();
    ReportBytes.write(id, sizeMb, new CheckedOutputStream(OutputStream.nullOutputStream(), crc));
    return crc.getValue();
  }

  /** A body read as it arrives, keeping only its length and CRC. */
  private record Download(int status, String contentType, String cacheStatus, long length,
      long crc) {}

  private static Download download(String path) {
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    CRC32 crc = new CRC32();
    long length = 0;
    byte[] buffer = new byte[ReportBytes.CHUNK];
    try (InputStream body = response.body()) {
      for (int n; (n = body.read(buffer)) >= 0; ) {
        crc.update(buffer, 0, n);
        length += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Download(response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""), cacheStatus(response), length,
        crc.getValue());
  }

  private static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return CLIENT.send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + PORT + path);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
