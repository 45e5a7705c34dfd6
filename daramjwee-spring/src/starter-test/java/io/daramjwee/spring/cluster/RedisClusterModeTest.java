package io.daramjwee.spring.cluster;

import static io.daramjwee.spring.cluster.ClusterTestApplication.runs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.store.redis.LocalRedisCluster;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode on a real Redis Cluster of three masters ({@link LocalRedisCluster}), configured
 * as Spring Boot configures one ({@code spring.data.redis.cluster.nodes}), with two instances whose
 * clocks disagree by 8 s: the warm tier is shared, a purge on one instance reaches the other within
 * one second, and both stamp on one clock. The scenarios on one server are in
 * {@link ClusterScenariosTest}; this class shows the same wiring on a cluster.
 */
class RedisClusterModeTest {

  private static final Duration PROPAGATION = Duration.ofSeconds(1);

  @TempDir static Path directory;
  private static LocalRedisCluster redis;
  private static ClusterInstance a;
  private static ClusterInstance b;

  @BeforeAll
  static void startClusterAndTwoInstances() {
    redis = LocalRedisCluster.start(3);
    List<String> nodes = List.of("spring.data.redis.cluster.nodes="
        + String.join(",", redis.nodeUris().stream()
            .map(uri -> uri.substring("redis://".length())).toList()));
    a = ClusterInstance.start("A", directory.resolve("a"), nodes, Duration.ofSeconds(4));
    b = ClusterInstance.start("B", directory.resolve("b"), nodes, Duration.ofSeconds(-4));
  }

  @AfterAll
  static void stopEverything() {
    ClusterInstance.closeAll(a, b, redis);
  }

  @Test
  void aMissOnA_isAWarmHitOnB_aTagPurgeOnB_reachesA_andTheClocksAgree() {
    Instant onA = a.purgeLog().clock().instant();
    Instant onB = b.purgeLog().clock().instant();
    assertThat(Duration.between(onA, onB).abs()).isLessThan(Duration.ofMillis(100));

    String path = "/articles/on-a-cluster";
    HttpResponse<String> first = a.get(path);
    await("A's fill reaches the warm tier").atMost(Duration.ofSeconds(10))
        .until(() -> cacheStatus(b.get(path)).contains("hit"));
    assertThat(b.get(path).body()).isEqualTo(first.body());
    assertThat(runs(path)).isEqualTo(1);
    assertThat(cacheStatus(a.get(path))).contains("hit");

    b.purge("tag", "article:on-a-cluster", false);

    await("A fetches it again").atMost(PROPAGATION).pollInterval(Duration.ofMillis(5))
        .until(() -> !a.get(path).body().equals(first.body()));
    assertThat(runs(path)).isEqualTo(2);
  }

  private static String cacheStatus(HttpResponse<String> response) {
    return response.headers().firstValue("Cache-Status").orElse("");
  }
}
