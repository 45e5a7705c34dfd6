package io.daramjwee.store.redis;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real Redis Cluster of three masters ({@link LocalRedisCluster}),
 * as {@link RedisStoreContractTest} runs it against one server: a key prefix per test, small
 * chunks and a small inline threshold, persistent in the sense the suite means. Every key of the
 * suite hashes somewhere in the cluster, so commands follow the slots across the nodes.
 */
class RedisClusterStoreContractTest extends StoreContractTest {

  private static LocalRedisCluster redis;
  private static final AtomicInteger stores = new AtomicInteger();

  private final String prefix = "cluster-contract-" + stores.incrementAndGet() + ":";
  private RedisEntries entries;

  @BeforeAll
  static void startServer() {
    redis = LocalRedisCluster.start(3);
  }

  @AfterAll
  static void stopServer() {
    redis.close();
  }

  @AfterEach
  void closeEntries() {
    if (entries != null) {
      entries.close();
    }
  }

  @Override
  protected Store newStore() throws Exception {
    return RedisStore.builder().clusterNodes(redis.nodeUris()).keyPrefix(prefix)
        .chunkSize(16 * 1024).inlineThreshold(4 * 1024).build();
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.basic()
        .checksummed((store, key) -> entries().flipBodyByte(key))
        .persistent(closed -> newStore());
  }

  private RedisEntries entries() {
    if (entries == null) {
      entries = new RedisEntries(redis, prefix);
    }
    return entries;
  }
}
