package io.daramjwee.store.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real Redis Cluster: a few {@link LocalRedis} masters (redis-server 7.0.15 out of the
 * embedded-redis jar) with cluster mode on, introduced to each other ({@code CLUSTER MEET}) and
 * given an equal share of the 16,384 hash slots ({@code CLUSTER ADDSLOTS}), as
 * {@code redis-cli --cluster create} would, without replicas. {@link #start} returns once every
 * node reports {@code cluster_state:ok}. Each node keeps its cluster configuration in a temporary
 * directory, removed on close; nothing else persists.
 *
 * <p>Public for the store contract test of daramjwee-store-tck and the starters' tests, which use
 * this module's test-jar. Closing stops every node.
 */
public final class LocalRedisCluster implements AutoCloseable {

  private static final int SLOTS = 16_384;
  private static final Duration FORMING = Duration.ofSeconds(30);

  private final List<LocalRedis> nodes;
  private final Path directory;

  private LocalRedisCluster(List<LocalRedis> nodes, Path directory) {
    this.nodes = nodes;
    this.directory = directory;
  }

  /** Starts {@code masters} nodes (at least 1) and forms them into a cluster. */
  public static LocalRedisCluster start(int masters) {
    if (masters < 1) {
      throw new IllegalArgumentException("masters must be at least 1: " + masters);
    }
    Path directory;
    try {
      directory = Files.createTempDirectory("daramjwee-redis-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<LocalRedis> nodes = new ArrayList<>();
    LocalRedisCluster cluster = new LocalRedisCluster(nodes, directory);
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(LocalRedis.start("cluster-enabled yes",
            "cluster-config-file " + directory.resolve("nodes-" + i + ".conf"),
            "cluster-node-timeout 5000"));
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Some nodes of the cluster as a client is given them: {@code redis://127.0.0.1:PORT} each. */
  public List<String> nodeUris() {
    return nodes.stream().map(LocalRedis::uri).toList();
  }

  /** Node {@code index}, to stop or restart it. */
  public LocalRedis node(int index) {
    return nodes.get(index);
  }

  /** Stops every node and removes their configuration. */
  @Override
  public void close() {
    nodes.forEach(LocalRedis::close);
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind harms nothing.
    }
  }

  @Override
  public String toString() {
    return "LocalRedisCluster" + nodeUris();
  }

  private void form() {
    RedisClient client = RedisClient.create();
    try {
      List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
      for (LocalRedis node : nodes) {
        connections.add(client.connect(RedisURI.create(node.uri())));
      }
      RedisCommands<String, String> first = connections.get(0).sync();
      for (int i = 1; i < nodes.size(); i++) {
        first.clusterMeet("127.0.0.1", nodes.get(i).port());
      }
      int share = SLOTS / nodes.size();
      for (int i = 0; i < nodes.size(); i++) {
        int from = i * share;
        int to = i == nodes.size() - 1 ? SLOTS : from + share;
        connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
      }
      for (StatefulRedisConnection<String, String> connection : connections) {
        await("cluster_state:ok").atMost(FORMING).pollInterval(Duration.ofMillis(50))
            .until(() -> connection.sync().clusterInfo().contains("cluster_state:ok"));
        await("every master known").atMost(FORMING).pollInterval(Duration.ofMillis(50))
            .until(() -> connection.sync().clusterSlots().size() == nodes.size());
      }
      connections.forEach(StatefulRedisConnection::close);
    } finally {
      client.shutdown();
    }
  }
}
