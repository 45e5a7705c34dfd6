package io.daramjwee.store.redis;

import static io.daramjwee.store.redis.RecordingPurgeListener.CAUGHT_UP;
import static io.daramjwee.store.redis.RecordingPurgeListener.LOST;
import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.Metadata;
import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeMark;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store, the purge channel and the clock on a real Redis Cluster of three masters
 * ({@link LocalRedisCluster}): entries spread over the nodes and read back whole, chunked ones
 * included; marks published through one channel reach another; every instance's clock reads the
 * same node; settings a cluster cannot take are refused, and a near cache is ignored. The contract
 * suite runs against the cluster too (RedisClusterStoreContractTest in daramjwee-store-tck).
 */
class RedisClusterTest {

  private static final int CHUNK = 4 * 1024;
  private static final AtomicInteger prefixes = new AtomicInteger();

  private static LocalRedisCluster cluster;

  private final String prefix = "cl" + prefixes.incrementAndGet() + ":";
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeAll
  static void startCluster() {
    cluster = LocalRedisCluster.start(3);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void entriesSpreadOverTheNodes_andReadBackWhole_inlineAndChunked() throws Exception {
    RedisStore store = own(RedisStore.builder().clusterNodes(cluster.nodeUris().subList(0, 1))
        .keyPrefix(prefix).chunkSize(CHUNK).inlineThreshold(1024).build());
    Metadata metadata = Metadata.builder().freshFor(Duration.ofMinutes(5)).build();
    Random random = new Random(7);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      byte[] body = new byte[i % 2 == 0 ? 100 + i : 5 * CHUNK + i]; // inline, then 6 chunks
      random.nextBytes(body);
      bodies.add(body);
      commit(store, "/item/" + i, metadata, body);
    }

    for (int i = 0; i < bodies.size(); i++) {
      assertHolds(store, "/item/" + i, metadata, bodies.get(i));
    }
    for (int node = 0; node < 3; node++) {
      assertThat(keysOn(node)).as("keys on node %d", node).isPositive();
    }
    store.delete("/item/1");
    assertAbsent(store, "/item/1");
  }

  @Test
  void aMarkPublishedThroughOneChannel_reachesTheOther() throws Exception {
    RedisPurgeChannel a = own(RedisPurgeChannel.builder().clusterNodes(cluster.nodeUris())
        .keyPrefix(prefix).build());
    RedisPurgeChannel b = own(RedisPurgeChannel.builder()
        .clusterNodes(cluster.nodeUris().subList(2, 3)).keyPrefix(prefix).build());
    RecordingPurgeListener atA = started(a);
    RecordingPurgeListener atB = started(b);
    List<PurgeMark> published = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Instant at = Instant.now();
      PurgeMark mark = new PurgeMark("m-" + i, Purge.tag("article:" + i), at,
          at.plus(Duration.ofMinutes(5)));
      (i % 2 == 0 ? a : b).publish(mark);
      published.add(mark);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> atB.marks().size() == published.size());
    await().atMost(Duration.ofSeconds(5)).until(() -> atA.marks().size() == published.size());
    assertThat(atA.ids()).containsExactlyElementsOf(atB.ids())
        .containsExactlyInAnyOrderElementsOf(published.stream().map(PurgeMark::id).toList());
  }

  @Test
  void theNodeHoldingTheLogRestartedEmpty_isHistoryLost_andAPublishAfterItArrives()
      throws Exception {
    int owner = SlotHash.getSlot("{" + prefix + "purges}") * 3 / 16_384;
    RedisPurgeChannel a = own(RedisPurgeChannel.builder().clusterNodes(cluster.nodeUris())
        .keyPrefix(prefix).build());
    RecordingPurgeListener atA = started(a);
    a.publish(mark("before"));
    await().atMost(Duration.ofSeconds(5)).until(() -> atA.ids().contains("before"));

    cluster.node(owner).restart(); // keeps its slots (nodes.conf), loses its data

    await().atMost(Duration.ofSeconds(30)).until(() -> atA.count(LOST) >= 1);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      a.publish(mark("after"));
      return true;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> atA.ids().contains("after"));
  }

  @Test
  void everyClockReadsTheNodeServingTheAnchorSlot() throws Exception {
    int owner = SlotHash.getSlot(RedisClock.CLUSTER_ANCHOR) * 3 / 16_384; // equal shares, in order
    long[] before = {cluster.node(0).calls("time"), cluster.node(1).calls("time"),
        cluster.node(2).calls("time")};
    RedisClock first = own(RedisClock.builder().clusterNodes(cluster.nodeUris().subList(0, 1))
        .build());
    RedisClock second = own(RedisClock.builder().clusterNodes(cluster.nodeUris().subList(2, 3))
        .build());

    assertThat(first.offset().abs()).isLessThan(Duration.ofSeconds(1));
    assertThat(Duration.between(first.instant(), second.instant()).abs())
        .isLessThan(Duration.ofMillis(500));
    for (int node = 0; node < 3; node++) {
      long calls = cluster.node(node).calls("time") - before[node];
      if (node == owner) {
        assertThat(calls).as("TIME on the anchor's node").isGreaterThanOrEqualTo(
            first.samples() + second.samples());
      } else {
        assertThat(calls).as("TIME on node %d", node).isZero();
      }
    }
  }

  @Test
  void aNearCacheSize_isIgnoredOnACluster_andEveryReadGoesToTheNodes() throws Exception {
    RedisStore store = own(RedisStore.builder().clusterNodes(cluster.nodeUris())
        .keyPrefix(prefix).nearCacheSize(1 << 20).build());
    Metadata metadata = Metadata.builder().freshFor(Duration.ofMinutes(5)).build();
    commit(store, "k", metadata, new byte[100]);

    assertHolds(store, "k", metadata, new byte[100]);
    store.delete("k");
    assertAbsent(store, "k");

    assertThat(store.nearCacheStats()).isEqualTo(NearCacheStats.OFF);
  }

  @Test
  void settingsAClusterCannotTake_areRefused_namingThem() {
    assertThatThrownBy(() -> RedisStore.builder().clusterNodes(List.of()))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("clusterNodes");
    assertThatThrownBy(() -> RedisStore.builder().clusterNodes(List.of("redis://h:1/3")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("database 0");
    assertThatThrownBy(() -> RedisPurgeChannel.builder()
        .clusterNodes(List.of("redis-sentinel://h:1#m")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("one node");
    assertThatThrownBy(() -> RedisClock.builder().clusterNodes(List.of("http://:pw@h:1")))
        .isInstanceOf(InvalidSettingException.class).hasMessageNotContaining("pw@");
    RedisClient application = RedisClient.create();
    try {
      assertThatThrownBy(() -> RedisStore.builder().client(application)
          .clusterNodes(cluster.nodeUris()).build())
          .isInstanceOf(InvalidSettingException.class).hasMessageContaining("client");
    } finally {
      application.shutdown();
    }
  }

  private long keysOn(int node) {
    RedisClient client = RedisClient.create(cluster.node(node).uri());
    try (var connection = client.connect()) {
      return connection.sync().keys(prefix + "*").size();
    } finally {
      client.shutdown();
    }
  }

  private static PurgeMark mark(String id) {
    Instant at = Instant.now();
    return new PurgeMark(id, Purge.key("/item/" + id), at, at.plus(Duration.ofMinutes(5)));
  }

  private static RecordingPurgeListener started(RedisPurgeChannel channel) {
    RecordingPurgeListener listener = new RecordingPurgeListener();
    channel.start(listener);
    await().until(() -> listener.count(CAUGHT_UP) == 1);
    return listener;
  }

  private <T extends AutoCloseable> T own(T closeable) {
    opened.push(closeable);
    return closeable;
  }
}
