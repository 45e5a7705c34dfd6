package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract against a real Redis server ({@link LocalRedis}) with the near cache on:
 * bodies up to 4 KiB are inline and so kept near once read, and every rule must hold as it does
 * without (a store's own writes and deletes drop its copy at once). Damage is done behind the
 * store's back as in {@link RedisStoreContractTest}, to an entry the store has not read yet. At
 * the end, the near cache must have answered reads at all, or the suite proved nothing of it.
 */
class RedisNearCacheContractTest extends RedisStoreContractTest {

  private static final LongAdder nearHits = new LongAdder();

  @AfterAll
  static void theNearCacheAnsweredReads() {
    assertThat(nearHits.sum()).as("reads the near cache answered, over the suite").isPositive();
  }

  @AfterEach
  void countNearHits() {
    if (store() instanceof RedisStore store) {
      nearHits.add(store.nearCacheStats().hits());
    }
  }

  @Override
  RedisStoreBuilder server(RedisStoreBuilder builder) {
    return super.server(builder).nearCacheSize(4L << 20);
  }
}
