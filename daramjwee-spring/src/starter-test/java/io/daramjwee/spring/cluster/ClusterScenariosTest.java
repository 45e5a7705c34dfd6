package io.daramjwee.spring.cluster;

import static io.daramjwee.spring.cluster.ClusterTestApplication.runs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import io.daramjwee.store.redis.LocalRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode with two real instances (separate Spring contexts on random ports) sharing one
 * real Redis: a persistent file hot tier each, the Redis warm tier, purges over the Redis log.
 * Their clocks disagree by 8 s ({@code A} 4 s ahead, {@code B} 4 s behind), so every purge B
 * takes of what A just stored is covered only because both stamp on the cluster clock. Purges go
 * through the actuator endpoint, as an operator's would; "within one second" is the bound
 * on propagation, asserted with Awaitility.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterScenariosTest {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterScenariosTest.class);
  private static final Duration PROPAGATION = Duration.ofSeconds(1);
  private static final Duration AHEAD = Duration.ofSeconds(4);
  private static final Duration BEHIND = Duration.ofSeconds(-4);

  @TempDir static Path directory;
  private static LocalRedis redis;
  private static ClusterInstance a;
  private static ClusterInstance b;

  @BeforeAll
  static void startRedisAndTwoInstances() {
    redis = LocalRedis.start();
    a = ClusterInstance.start("A", directory.resolve("a"), redis.port(), AHEAD);
    b = ClusterInstance.start("B", directory.resolve("b"), redis.port(), BEHIND);
  }

  @AfterAll
  static void stopEverything() {
    ClusterInstance.closeAll(a, b, redis);
  }

  @Test
  @Order(1)
  void theInstancesClocksDisagree_butTheClusterClockTheyStampOnDoesNot() {
    Instant onA = a.purgeLog().clock().instant();
    Instant onB = b.purgeLog().clock().instant();
    assertThat(Duration.between(onA, onB).abs()).isLessThan(Duration.ofMillis(100));
  }

  @Test
  @Order(2)
  void aMissOnA_isAWarmHitOnB_withNoControllerRun() {
    HttpResponse<String> first = a.get("/articles/shared");
    assertThat(first.body()).isEqualTo("article shared v1");
    await("A's fill reaches the warm tier").atMost(Duration.ofSeconds(10))
        .until(() -> a.warmHolds(key("/articles/shared")));

    HttpResponse<String> onB = b.get("/articles/shared");
    assertThat(cacheStatus(onB)).contains("hit");
    assertThat(onB.body()).isEqualTo("article shared v1");
    assertThat(runs("/articles/shared")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"key", "path", "route", "tag"})
  @Order(3)
  void aHardPurgeOnB_stopsAServingTheOldBody_withinOneSecond(String kind) {
    String id = "hard-" + kind;
    String path = "/articles/" + id;
    String old = a.get(path).body();
    assertThat(cacheStatus(a.get(path))).contains("hit");

    b.purge(kind, switch (kind) {
      case "key" -> key(path);
      case "path" -> path;
      case "route" -> "articles";
      default -> "article:" + id;
    }, false);
    long purged = System.nanoTime();

    await("A fetches it again").atMost(PROPAGATION).pollInterval(Duration.ofMillis(5))
        .until(() -> !a.get(path).body().equals(old));
    LOG.info("figures: a {} purge on B stopped A serving the old body after {} ms", kind,
        (System.nanoTime() - purged) / 1_000_000);
    assertThat(a.get(path).body()).isNotEqualTo(old);
  }

  @Test
  @Order(4)
  void aSoftPurgeOnB_servesTheOldBodyOnceOnA_thenTheRefreshedOne_withOneControllerRun() {
    String path = "/articles/soft";
    String old = a.get(path).body();
    assertThat(cacheStatus(a.get(path))).contains("hit");
    int marks = a.purgeLog().marks();

    b.purge("tag", "article:soft", true);
    await("the soft mark reaches A").atMost(PROPAGATION).pollInterval(Duration.ofMillis(10))
        .until(() -> a.purgeLog().marks() > marks);

    HttpResponse<String> stale = a.get(path);
    assertThat(stale.body()).isEqualTo(old);
    assertThat(cacheStatus(stale)).contains("hit");
    await("the refreshed body").atMost(Duration.ofSeconds(10))
        .until(() -> a.get(path).body().equals("article soft v2"));
    assertThat(a.get(path).body()).isEqualTo("article soft v2");
    assertThat(runs(path)).isEqualTo(2);
  }

  @Test
  @Order(5)
  void aTagFromSurrogateKey_andATemplateTag_eachPurgeExactlyTheirEntries() {
    for (String path : List.of("/pages/x", "/pages/y", "/articles/t1", "/articles/t2")) {
      HttpResponse<String> first = a.get(path);
      assertThat(first.headers().firstValue("Surrogate-Key")).as("hidden from the client")
          .isEmpty();
      assertThat(cacheStatus(a.get(path))).contains("hit");
    }

    b.purge("tag", "page-x", false);
    await("page x fetched again").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
        .until(() -> a.get("/pages/x").body().equals("page x v2"));
    b.purge("tag", "article:t1", false);
    await("article t1 fetched again").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
        .until(() -> a.get("/articles/t1").body().equals("article t1 v2"));

    assertThat(a.get("/pages/y").body()).isEqualTo("page y v1");
    assertThat(a.get("/articles/t2").body()).isEqualTo("article t2 v1");
    assertThat(runs("/pages/y") + runs("/articles/t2")).isEqualTo(2);

    b.purge("tag", "pages", false);
    await("every page fetched again").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
        .until(() -> a.get("/pages/y").body().equals("page y v2"));
    assertThat(a.get("/articles/t2").body()).isEqualTo("article t2 v1");
  }

  @Test
  @Order(6)
  void aRestartedWithItsPersistentHotTier_doesNotServeABodyPurgedWhileItWasDown() {
    String path = "/articles/restart";
    String old = a.get(path).body();
    assertThat(cacheStatus(a.get(path))).contains("hit");
    a.close();

    b.purge("tag", "article:restart", false);
    long started = System.nanoTime();
    a = a.restart();
    LOG.info("figures: A restarted in {} ms, reconciled: {}", (System.nanoTime() - started)
        / 1_000_000, a.purgeLog().reconciled());

    assertThat(a.get(path).body()).isNotEqualTo(old);
  }

  @Test
  @Order(7)
  void redisStoppedMidRun_everyRequestIsAnswered_andPurgesTakenMeanwhileApplyEverywhereAfter() {
    String path = "/articles/outage";
    String old = a.get(path).body();
    assertThat(cacheStatus(a.get(path))).contains("hit");
    await("A's fill reaches the warm tier").atMost(Duration.ofSeconds(10))
        .until(() -> a.warmHolds(key(path)));
    assertThat(b.get(path).body()).isEqualTo(old);

    redis.stop();
    try {
      for (int i = 0; i < 10; i++) {
        assertThat(a.get(path).statusCode()).isEqualTo(200);
        assertThat(b.get("/articles/outage-" + i).statusCode()).isEqualTo(200);
      }
      b.purge("tag", "article:outage", false);
      assertThat(b.get(path).body()).as("applied on B at once").isNotEqualTo(old);
    } finally {
      redis.restart(); // empty: the purge reaches A when B publishes its marks again
    }
    long back = System.nanoTime();

    await("the purge taken during the outage reaches A").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !a.get(path).body().equals(old));
    LOG.info("figures: the purge taken on B while Redis was down reached A {} ms after Redis "
        + "came back empty", (System.nanoTime() - back) / 1_000_000);
  }

  @Test
  @Order(8)
  void redisRestartedEmpty_noPurgedBodyIsServedAgain_evenByAnInstanceRestartedAfterIt() {
    String path = "/articles/lost";
    String old = a.get(path).body();
    b.purge("tag", "article:lost", false);
    await("A fetches it again").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
        .until(() -> !a.get(path).body().equals(old));

    redis.restart();
    a = a.restart();

    assertThat(a.get(path).body()).isNotEqualTo(old);
    assertThat(b.get(path).body()).isNotEqualTo(old);
  }

  /** The key of {@code path} on the articles route, as every instance computes it. */
  private static String key(String path) {
    return CacheKeys.key("articles " + ClusterInstance.PUBLIC,
        RequestHead.get(path, null, Headers.of()), List.of(), List.of(), List.of(), List.of());
  }

  private static String cacheStatus(HttpResponse<?> response) {
    return response.headers().firstValue("Cache-Status").orElse("");
  }
}
