package io.daramjwee.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real Redis Cluster of three masters ({@link LocalRedisCluster}),
 * as {@link RedisStoreContractTest} runs it against one server. Every key of the suite hashes
 * somewhere in the cluster, so commands follow the slots across the nodes. Its static set-up
 * hides the one server's, which therefore never starts.
 */
class RedisClusterStoreContractTest extends RedisStoreContractTest {

  private static LocalRedisCluster cluster;

  @BeforeAll
  static void startServer() {
    cluster = LocalRedisCluster.start(3);
  }

  @AfterAll
  static void stopServer() {
    cluster.close();
  }

  @Override
  RedisStoreBuilder server(RedisStoreBuilder builder) {
    return builder.clusterNodes(cluster.nodeUris());
  }

  @Override
  RedisEntries entries(String keyPrefix) {
    return new RedisEntries(cluster, keyPrefix);
  }
}
