package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real Redis server ({@link LocalRedis}) with the near cache on:
 * bodies up to 4 KiB are inline and so kept near once read, and every rule must hold as it does
 * without (a store's own writes and deletes drop its copy at once). Damage is done behind the
 * store's back as in {@link RedisStoreContractTest}, to an entry the store has not read yet.
 */
class RedisNearCacheContractTest extends StoreContractTest {

  private static LocalRedis redis;
  private static final AtomicInteger stores = new AtomicInteger();
  private static final LongAdder nearHits = new LongAdder();

  private final String prefix = "near-contract-" + stores.incrementAndGet() + ":";
  private RedisEntries entries;

  @BeforeAll
  static void startServer() {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopServer() {
    redis.close();
    assertThat(nearHits.sum()).as("reads the near cache answered, over the suite").isPositive();
  }

  @AfterEach
  void closeEntries() {
    if (store() instanceof RedisStore store) {
      nearHits.add(store.nearCacheStats().hits());
    }
    if (entries != null) {
      entries.close();
    }
  }

  @Override
  protected Store newStore() throws Exception {
    return RedisStore.builder().uri(redis.uri()).keyPrefix(prefix)
        .chunkSize(16 * 1024).inlineThreshold(4 * 1024).nearCacheSize(4L << 20).build();
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
