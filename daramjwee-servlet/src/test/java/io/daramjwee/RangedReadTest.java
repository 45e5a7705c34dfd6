package io.daramjwee;

import static io.daramjwee.AdmissionTest.bytes;
import static io.daramjwee.AdmissionTest.storedBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.reliability.DiskBytes;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.KeyJournal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single range of an entry in a lower tier: read from the store alone (a file store's part is a
 * positional read; a memory store's a skip), never teed into the tier above, and promoted whole by
 * a background job once the entry has passed its probation, so an entry only ever read in ranges
 * still moves up. Real memory and file stores; the hot one wrapped in a {@link KeyJournal} that
 * records the writes it was asked to start.
 */
class RangedReadTest extends EngineTestSupport {

  private static final int SIZE = 1 << 20;
  private static final Duration LONG_LIVED = Duration.ofHours(1);

  @TempDir Path dir;

  private final KeyJournal hot = new KeyJournal(MemoryStore.builder().capacity(8L << 20).build());
  private final TestOrigin origin = TestOrigin.versioned("from the origin");

  @Test
  void rangeOfAColdFileEntry_isThePart_andTheWholeEntryIsPromotedInTheBackground()
      throws IOException {
    Store cold = fileStore();
    DaramjweeCache cache = track(longLived(hot, cold, 1).build());
    byte[] body = bytes(SIZE, 1);
    storeCold(cold, "video", body);

    assertThat(range(cache, "video", 1, 300_000, 70_000))
        .isEqualTo(Arrays.copyOfRange(body, 300_000, 370_000));

    await().atMost(Duration.ofSeconds(10)).until(() -> hot.stat("video") != null);
    assertThat(storedBytes(hot, "video")).isEqualTo(body);
    assertThat(range(cache, "video", 0, SIZE - 10, 10))
        .isEqualTo(Arrays.copyOfRange(body, SIZE - 10, SIZE));
    assertThat(origin.calls()).isZero();
  }

  @Test
  void rangeOfAColdMemoryEntry_skipsToThePart_andIsPromotedInTheBackground() throws IOException {
    Store cold = MemoryStore.builder().capacity(8L << 20).build();
    DaramjweeCache cache = track(longLived(hot, cold, 1).build());
    byte[] body = bytes(SIZE, 2);
    storeCold(cold, "k", body);

    assertThat(range(cache, "k", 1, 12_345, 1)).isEqualTo(new byte[] {body[12_345]});

    await().atMost(Duration.ofSeconds(10)).until(() -> hot.stat("k") != null);
    assertThat(storedBytes(hot, "k")).isEqualTo(body);
  }

  @Test
  void rangesOnProbation_promoteOnlyOnceTheyPassIt() throws IOException {
    Store cold = fileStore();
    DaramjweeCache cache = track(longLived(hot, cold, 3).build());
    byte[] body = bytes(SIZE, 3);
    storeCold(cold, "k", body);

    range(cache, "k", 1, 0, 100);
    range(cache, "k", 1, 100, 100);
    // Two hits of three: no promotion was scheduled, so none can have started a write.
    assertThat(hot.keysWith("k")).isEmpty();
    range(cache, "k", 1, 200, 100);

    await().atMost(Duration.ofSeconds(10)).until(() -> hot.stat("k") != null);
    assertThat(storedBytes(hot, "k")).isEqualTo(body);
  }

  @Test
  void damagedColdFile_servesThePartItHolds_butTheBackgroundReadRemovesItUnpromoted()
      throws IOException {
    Store cold = fileStore();
    DaramjweeCache cache = track(longLived(hot, cold, 1).build());
    byte[] body = bytes(SIZE, 4);
    storeCold(cold, "k", body);
    // Damage the body far from the range read: only a read of the whole body can tell.
    assertThat(DiskBytes.flipWhereFound(dir, DiskBytes.run(body, SIZE - 4096, 64))).isTrue();

    assertThat(range(cache, "k", 1, 0, 1000)).isEqualTo(Arrays.copyOf(body, 1000));

    await().atMost(Duration.ofSeconds(10)).until(() -> cold.stat("k") == null);
    assertThat(hot.stat("k")).as("a damaged body is never promoted").isNull();
    CacheResponse next = cache.get("k", origin);
    assertThat(next.tier()).isEqualTo(CacheResponse.ORIGIN);
    next.close();
  }

  @Test
  void fullReadOfAColdEntry_stillPromotesAsItStreams() throws IOException {
    Store cold = fileStore();
    DaramjweeCache cache = track(longLived(hot, cold, 1).build());
    byte[] body = bytes(SIZE, 5);
    storeCold(cold, "k", body);

    try (CacheResponse response = cache.get("k", origin)) {
      assertThat(response.tier()).isEqualTo(1);
      assertThat(response.body().readAllBytes()).isEqualTo(body);
    }

    assertThat(storedBytes(hot, "k")).as("published as the read ended").isEqualTo(body);
  }

  @Test
  void answerClosedUnread_releasesItsTicket_andPromotesNothing() throws IOException {
    Store cold = fileStore();
    DaramjweeCache cache = track(longLived(hot, cold, 1).build());
    storeCold(cold, "k", bytes(1000, 6));

    cache.get("k", origin).close();

    assertThat(hot.keysWith("k")).isEmpty(); // and nothingLeaks() checks the ticket
  }

  @Test
  void staleColdFileEntry_servesItsPartFromTheFile_andItsRefreshIsScheduledOnClose()
      throws IOException {
    Store cold = fileStore();
    DaramjweeCache cache = track(DaramjweeCache.builder().tiers(hot, cold).clock(clock)
        .freshness(FRESH, NEGATIVE_FRESH).staleWindow(Duration.ofMinutes(5))
        .promotionProbation(5, Duration.ofMinutes(1)).build());
    byte[] body = bytes(SIZE, 7);
    storeCold(cold, "k", body);
    clock.advance(FRESH.plusSeconds(1));

    CacheResponse stale = cache.get("k", origin);
    assertThat(stale.stale()).isTrue();
    InputStream part = stale.range(SIZE / 2, 4096);
    assertThat(part.getClass().getSimpleName()).as("the file store's own part")
        .isEqualTo("Part");
    assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, SIZE / 2, SIZE / 2 + 4096));
    assertThat(cache.stats().refreshesScheduled()).isZero();
    stale.close();

    assertThat(cache.stats().refreshesScheduled()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.calls() == 1);
  }

  // ---- helpers ----

  private Store fileStore() throws IOException {
    return FileStore.builder().directory(dir).capacity(64L << 20).build();
  }

  private DaramjweeBuilder longLived(Store hot, Store cold, int probationHits) {
    return DaramjweeCache.builder().tiers(hot, cold).clock(clock)
        .freshness(LONG_LIVED, NEGATIVE_FRESH)
        .promotionProbation(probationHits, Duration.ofMinutes(1));
  }

  /** Gets {@code key}, asserts the tier that answered, and reads {@code count} bytes from first. */
  private byte[] range(DaramjweeCache cache, String key, int tier, long first, int count)
      throws IOException {
    try (CacheResponse response = cache.get(key, origin)) {
      assertThat(response.tier()).as("tier answering %s", key).isEqualTo(tier);
      InputStream part = response.range(first, count);
      byte[] bytes = part.readAllBytes();
      assertThat(bytes).hasSize(count);
      return bytes;
    }
  }

  private void storeCold(Store store, String key, byte[] body) throws IOException {
    Metadata metadata = Metadata.builder().cacheTag("c").cachedAt(clock.instant())
        .attribute(Admission.LENGTH_ATTRIBUTE, String.format(Locale.ROOT, "%019d", body.length))
        .build();
    try (StoreWriter w = store.setWithWriter(key, metadata)) {
      w.write(body);
      w.commit();
    }
  }
}
