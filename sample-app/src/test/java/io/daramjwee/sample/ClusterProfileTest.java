package io.daramjwee.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.store.redis.LocalRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's cluster steps: two instances of the sample app with the {@code cluster} profile
 * against one real Redis server. What one instance fetched, the other serves from the shared warm
 * tier; a tag purge on one reaches the other within a second.
 */
class ClusterProfileTest {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path directory;
  private static LocalRedis redis;
  private static Instance a;
  private static Instance b;

  @BeforeAll
  static void startTwoInstances() throws IOException {
    redis = LocalRedis.start();
    a = Instance.start("a");
    b = Instance.start("b");
  }

  @AfterAll
  static void stopEverything() {
    for (Instance instance : new Instance[] {a, b}) {
      if (instance != null) {
        instance.context.close();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aMissOnOneInstanceIsAHitOnTheOther_andATagPurgeOnTheOtherReachesTheFirst() {
    HttpResponse<String> first = a.get("/articles/7");
    assertThat(first.headers().firstValue("Cache-Status").orElse("")).contains("fwd=miss");
    long loadsOnA = a.database().calls();
    await("the fill reaches the warm tier").atMost(Duration.ofSeconds(10))
        .until(() -> a.warmHolds("/articles/7"));
    HttpResponse<String> onB = b.get("/articles/7");
    assertThat(onB.headers().firstValue("Cache-Status").orElse("")).contains("hit");
    assertThat(onB.body()).isEqualTo(first.body());
    assertThat(b.database().calls()).as("B's database").isZero();
    assertThat(a.get("/articles/7").body()).isEqualTo(first.body());

    HttpResponse<String> purge = b.send(HttpRequest.newBuilder(b.uri(
        "/actuator/daramjwee?tag=article:7")).DELETE().build());
    assertThat(purge.statusCode()).isEqualTo(200);

    await("A stops serving the purged body").atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !a.get("/articles/7").body().equals(first.body()));
    assertThat(a.database().calls()).isGreaterThan(loadsOnA);
  }

  /** One running sample app with the cluster profile, its tiers in a directory of its own. */
  private record Instance(ConfigurableApplicationContext context, int port) {

    static Instance start(String name) {
      int port = freePort();
      Path home = directory.resolve(name);
      ConfigurableApplicationContext context = new SpringApplicationBuilder(
          SampleApplication.class)
          .profiles("cluster")
          // Arguments, not default properties: the profile's own file would override those.
          .run("--server.port=" + port,
              "--spring.data.redis.host=127.0.0.1",
              "--spring.data.redis.port=" + redis.port(),
              "--daramjwee.hot.ehcache.directory=" + home.resolve("ehcache"),
              "--daramjwee.cold.file.directory=" + home.resolve("cold"));
      return new Instance(context, port);
    }

    /**
     * Whether the shared warm tier holds the article at {@code path}, under the key every
     * instance computes for it behind the public host.
     */
    boolean warmHolds(String path) throws IOException {
      String key = CacheKeys.key("ArticleController.article http://shop.example:80",
          RequestHead.get(path, null, Headers.of()), List.of(), List.of(), List.of(), List.of());
      return context.getBean(DaramjweeTiers.class).tiers().get(1).store().stat(key) != null;
    }

    ArticleDatabase database() {
      return context.getBean(ArticleDatabase.class);
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    /** GET as a load balancer forwards it: both instances see one public host, so share keys. */
    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(uri(path)).header("X-Forwarded-Host", "shop.example")
          .header("X-Forwarded-Proto", "http").header("X-Forwarded-Port", "80").build());
    }

    HttpResponse<String> send(HttpRequest request) {
      try {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
