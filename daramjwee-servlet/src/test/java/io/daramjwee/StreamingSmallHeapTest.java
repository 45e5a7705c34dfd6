package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.store.file.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
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
    long expected = crc(new PatternStream(SIZE));
    AtomicInteger calls = new AtomicInteger();
    Fetcher origin = previous -> {
      calls.incrementAndGet();
      return FetchResult.body(new PatternStream(SIZE), Metadata.ofTag("big"));
    };
    Store cold = fileStore("cold");

    try (Daramjwee cache = build(fileStore("hot"), cold)) {
      assertBody(cache.get("big", origin), CacheResponse.ORIGIN, expected);
      assertBody(cache.get("big", origin), 0, expected);
      await().atMost(Duration.ofMinutes(2)).until(() -> cold.stat("big") != null);
    }
    try (Daramjwee restarted = build(fileStore("hot2"), cold)) {
      assertBody(restarted.get("big", origin), 1, expected);
      assertBody(restarted.get("big", origin), 0, expected);
    }
    assertThat(calls).hasValue(1);
  }

  private Store fileStore(String name) throws IOException {
    return FileStore.builder().directory(dir.resolve(name)).capacity(2 * SIZE).build();
  }

  private static Daramjwee build(Store hot, Store cold) {
    return Daramjwee.builder().tiers(hot, cold).freshness(Duration.ofHours(1), Duration.ZERO)
        .closeTimeout(Duration.ofMinutes(2)).build();
  }

  private static void assertBody(CacheResponse response, int tier, long crc) throws IOException {
    try (response) {
      assertThat(response.tier()).isEqualTo(tier);
      assertThat(crc(response.body())).isEqualTo(crc);
    }
  }

  private static long crc(InputStream in) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      crc.update(buffer, 0, n);
      total += n;
    }
    assertThat(total).isEqualTo(SIZE);
    return crc.getValue();
  }

  /** Deterministic pseudo-random bytes, generated as they are read: never held in memory. */
  static final class PatternStream extends InputStream {
    private final long size;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;

    PatternStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        if (((position + i) & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> (((position + i) & 7) * 8));
      }
      position += n;
      return n;
    }
  }
}
