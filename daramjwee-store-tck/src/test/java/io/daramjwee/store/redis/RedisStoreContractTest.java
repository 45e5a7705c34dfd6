package io.daramjwee.store.redis;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real Redis server ({@link LocalRedis}), each test under a key
 * prefix of its own. Small chunks and a small inline threshold, so the suite's bodies of a few
 * hundred KiB span many chunks. Persistent in the sense the suite means: a new store on the same
 * server and prefix sees what the closed one committed. {@link RedisClusterStoreContractTest}
 * runs the same on a Redis Cluster, through {@link #server} and {@link #entries(String)}.
 */
class RedisStoreContractTest extends StoreContractTest {

  private static LocalRedis redis;
  private static final AtomicInteger stores = new AtomicInteger();

  private final String prefix = "contract-" + stores.incrementAndGet() + ":";
  private RedisEntries entries;

  @BeforeAll
  static void startServer() {
    redis = LocalRedis.start();
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

  /** {@code builder} connected to the server under test. */
  RedisStoreBuilder server(RedisStoreBuilder builder) {
    return builder.uri(redis.uri());
  }

  /** The entries under {@code keyPrefix} on the server under test, reached behind the store. */
  RedisEntries entries(String keyPrefix) {
    return new RedisEntries(redis, keyPrefix);
  }

  @Override
  protected Store newStore() throws Exception {
    return server(RedisStore.builder()).keyPrefix(prefix)
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
      entries = entries(prefix);
    }
    return entries;
  }
}
