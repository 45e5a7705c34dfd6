package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.store.file.FileStore;
import io.daramjwee.testing.LargeBodies;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in a 64 MiB heap (the {@code small-heap} surefire execution) and moves a 512 MiB body
 * through every engine path over real file stores: a miss teed into tier 0, a hit (its checksum
 * verified while streaming), the background copy into tier 1, and a promotion back into a new
 * tier 0. Buffering a whole body anywhere would throw OutOfMemoryError.
 */
class StreamingSmallHeapTest {

  private static final long SIZE = 512L << 20;

  @TempDir
  Path dir;

  @Test
  void halfAGigabyte_passesMissHitPropagationAndPromotion_inA64MiBHeap() throws IOException {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test needs a small heap")
        .isLessThan(SIZE / 4);
    long expected = LargeBodies.patternCrc(0, SIZE);
    AtomicInteger calls = new AtomicInteger();
    Fetcher origin = previous -> {
      calls.incrementAndGet();
      return FetchResult.body(LargeBodies.pattern(0, SIZE), Metadata.ofTag("big"));
    };
    Store cold = fileStore("cold");

    try (DaramjweeCache cache = build(fileStore("hot"), cold)) {
      assertBody(cache.get("big", origin), CacheResponse.ORIGIN, expected);
      assertBody(cache.get("big", origin), 0, expected);
      await().atMost(Duration.ofMinutes(2)).until(() -> cold.stat("big") != null);
    }
    try (DaramjweeCache restarted = build(fileStore("hot2"), cold)) {
      assertBody(restarted.get("big", origin), 1, expected);
      assertBody(restarted.get("big", origin), 0, expected);
    }
    assertThat(calls).hasValue(1);
  }

  private Store fileStore(String name) throws IOException {
    return FileStore.builder().directory(dir.resolve(name)).capacity(2 * SIZE).build();
  }

  /**
   * The hot tier admits the body (by default an upper tier admits an eighth of its capacity, and
   * the body would skip it), and a cold hit promotes at once (no probation), so every path runs.
   */
  private static DaramjweeCache build(Store hot, Store cold) {
    return DaramjweeCache.builder().tiers(hot, cold).freshness(Duration.ofHours(1), Duration.ZERO)
        .tierMaxEntrySize(0, SIZE).promotionProbation(1, Duration.ofMinutes(1))
        .closeTimeout(Duration.ofMinutes(2)).build();
  }

  private static void assertBody(CacheResponse response, int tier, long crc) throws IOException {
    try (response) {
      assertThat(response.tier()).isEqualTo(tier);
      assertThat(LargeBodies.crc(response.body(), SIZE)).isEqualTo(crc);
    }
  }
}
