package io.daramjwee.store.redis;

import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.testing.LargeBodies;
import org.junit.jupiter.api.Test;

/**
 * Runs in the 64 MiB heap of the {@code small-heap} surefire execution and moves a 200 MiB body
 * through a {@link RedisStore} on a real Redis: up chunk by chunk as it is written, down chunk by
 * chunk as it is read, with its checksum. Buffering the whole body on either side would throw
 * OutOfMemoryError.
 */
class RedisLargeObjectSmallHeapTest {

  private static final long SIZE = 200L << 20;

  @Test
  void twoHundredMebibytes_roundTripWithTheSameChecksum_inA64MiBHeap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test needs a small heap")
        .isLessThan(SIZE / 2);
    long expected = LargeBodies.patternCrc(7, SIZE);

    try (LocalRedis redis = LocalRedis.start();
        RedisStore store = RedisStore.builder().uri(redis.uri()).build()) {
      try (StoreWriter writer = store.setWithWriter("big", Metadata.ofTag("big"))) {
        LargeBodies.pattern(7, SIZE).transferTo(writer);
        writer.commit();
      }
      try (StoredEntry entry = store.getStream("big")) {
        assertThat(entry.metadata()).isEqualTo(Metadata.ofTag("big"));
        assertThat(LargeBodies.crc(entry.body(), SIZE)).isEqualTo(expected);
      }
      store.delete("big");
      assertAbsent(store, "big");
    }
  }
}
