package io.daramjwee;

import static io.daramjwee.AdmissionTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.reliability.DiskBytes;
import io.daramjwee.store.file.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot file entry that is only ever read in ranges (a video): no range can verify it, so without
 * help it would never earn a zero-copy send. A range of a body whose store asks for a whole read
 * ({@link RangeReadable#wholeReadWanted}) schedules one in the background, which verifies an
 * intact file and removes a damaged one. A real file store in tier 0.
 */
class WholeReadOnRangeTest extends EngineTestSupport {

  private static final int SIZE = 1 << 20; // streamed, not read whole at open

  @TempDir Path dir;

  private final TestOrigin origin = TestOrigin.versioned("from the origin");

  @Test
  void rangesOfAnUnverifiedHotFileEntry_earnItZeroCopy_throughABackgroundWholeRead()
      throws IOException {
    FileStore hot = FileStore.builder().directory(dir).capacity(64L << 20).build();
    DaramjweeCache cache = cache(hot);
    byte[] body = bytes(SIZE, 1);
    store(hot, "video", body);
    assertThat(region(cache, "video")).as("a published version is unverified").isFalse();

    assertThat(range(cache, "video", 400_000, 65_536))
        .isEqualTo(Arrays.copyOfRange(body, 400_000, 400_000 + 65_536));

    await().atMost(Duration.ofSeconds(10)).until(() -> region(cache, "video"));
    assertThat(range(cache, "video", SIZE - 100, 100))
        .isEqualTo(Arrays.copyOfRange(body, SIZE - 100, SIZE));
    assertThat(origin.calls()).isZero();
  }

  @Test
  void damagedHotFile_servesThePartItHolds_andTheBackgroundReadRemovesIt() throws IOException {
    FileStore hot = FileStore.builder().directory(dir).capacity(64L << 20).build();
    DaramjweeCache cache = cache(hot);
    byte[] body = bytes(SIZE, 2);
    store(hot, "video", body);
    // Damaged far from the part read: only a read of the whole body can tell.
    assertThat(DiskBytes.flipWhereFound(dir, DiskBytes.run(body, SIZE - 4096, 64))).isTrue();

    assertThat(range(cache, "video", 0, 1000)).isEqualTo(Arrays.copyOf(body, 1000));

    await().atMost(Duration.ofSeconds(10)).until(() -> hot.stat("video") == null);
    try (CacheResponse next = cache.get("video", origin)) {
      assertThat(next.tier()).isEqualTo(CacheResponse.ORIGIN);
    }
  }

  @Test
  void verifiedEntry_isServedAsItIs_andARangeSchedulesNothing() throws IOException {
    FileStore hot = FileStore.builder().directory(dir).capacity(64L << 20).build();
    DaramjweeCache cache = cache(hot);
    store(hot, "video", bytes(SIZE, 3));
    try (CacheResponse whole = cache.get("video", origin)) {
      whole.body().transferTo(java.io.OutputStream.nullOutputStream()); // verifies it
    }

    try (CacheResponse response = cache.get("video", origin)) {
      assertThat(response.body()).isNotInstanceOf(WholeReadOnRange.class);
      assertThat(response.fileRegion()).isNotNull();
    }
  }

  @Test
  void storeThatWantsNoWholeRead_isNotWatched() throws IOException {
    DaramjweeCache cache = cache(memory());
    try (CacheResponse miss = cache.get("k", origin)) {
      miss.body().readAllBytes();
    }

    try (CacheResponse hit = cache.get("k", origin)) {
      assertThat(hit.tier()).isZero();
      assertThat(hit.body()).isNotInstanceOf(WholeReadOnRange.class);
    }
  }

  // ---- helpers ----

  /** Whether a hit on {@code key} offers a file region now (the answer closed unread). */
  private boolean region(DaramjweeCache cache, String key) throws IOException {
    try (CacheResponse response = cache.get(key, origin)) {
      assertThat(response.tier()).isZero();
      return response.fileRegion() != null;
    }
  }

  private byte[] range(DaramjweeCache cache, String key, long first, int count)
      throws IOException {
    try (CacheResponse response = cache.get(key, origin)) {
      assertThat(response.tier()).as("tier answering %s", key).isZero();
      try (InputStream part = response.range(first, count)) {
        return part.readAllBytes();
      }
    }
  }

  private void store(Store store, String key, byte[] body) throws IOException {
    Metadata metadata = Metadata.builder().cacheTag("c").cachedAt(clock.instant()).build();
    try (StoreWriter w = store.setWithWriter(key, metadata)) {
      w.write(body);
      w.commit();
    }
  }
}
