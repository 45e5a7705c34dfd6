package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Bytes flipped on disk inside a stored body, by writing into the store's own files behind its
 * back ({@link DiskBytes}): a real fault, no wrapper. The store's checksum catches it, so the
 * request is answered from the origin with the origin's bytes, never the damaged ones; the
 * damaged read is counted as a miss (a store reports a damaged entry as absent and logs it; it
 * is not a tier error), and the entry is replaced by a good one that later requests hit.
 * Bodies are 16 KiB, which every store verifies whole before serving (a body over 256 KiB is
 * verified as it streams, and a mismatch breaks the response instead: see FileStoreTest).
 */
class CorruptEntryReliabilityTest extends ReliabilityScenarios {

  @Test
  void bodyByteFlippedInFileStoreHotTier_answeredFromOrigin_andEntryReplaced() throws Exception {
    Path directory = dir.resolve("file");
    start(fileStore(directory));
    getFromOrigin(item(0));
    // The client can read the last byte before the filter publishes the entry (Tomcat ends a
    // response at its Content-Length), so the file is awaited, not assumed.
    Path file = await("item 0 published").ignoreExceptions()
        .until(() -> DiskBytes.entryFileOf(directory, item(0)), found -> true);

    DiskBytes.flipBodyByte(file);

    assertDamagedEntryReplaced(item(0));
    DiskBytes.entryFileOf(directory, item(0)); // a new file, which the hit above verified
  }

  @Test
  void bodyByteFlippedInFileStoreColdTier_answeredFromOrigin_andEntryReplaced() throws Exception {
    Path directory = dir.resolve("file");
    FileStore cold = fileStore(directory);
    // Room for one body: storing item 1 evicts item 0 from the hot tier, leaving it cold only.
    // The hot tier admits a body that fills it (by default an upper tier admits an eighth of its
    // capacity, and these bodies would go to the cold tier alone).
    options = builder -> builder.tierMaxEntrySize(0, 20 * 1024);
    start(MemoryStore.builder().capacity(20 * 1024).build(), cold);
    getFromOrigin(item(0));
    await("item 0 copied to the cold tier").until(() -> cold.entryCount() == 1);
    getFromOrigin(item(1));
    await("item 1 copied to the cold tier").until(() -> cold.entryCount() == 2);

    DiskBytes.flipBodyByte(DiskBytes.entryFileOf(directory, item(0)));

    assertDamagedEntryReplaced(item(0));
    await("the good copy propagated to the cold tier").ignoreExceptions().until(() ->
        DiskBytes.holds(DiskBytes.entryFileOf(directory, item(0)), origin.expected(item(0))));
    assertThat(cache.stats().tierHits().get(1)).as("the cold tier never served it").isZero();
  }

  @Test
  void bodyByteFlippedInEhcacheDiskPool_answeredFromOrigin_andEntryReplaced() throws Exception {
    Path directory = dir.resolve("ehcache");
    start(ehcacheDisk(directory));
    getFromOrigin(item(0));
    for (int i = 1; i < 10; i++) {
      getFromOrigin(item(i)); // 36 more chunks: item 0's leave the 16-entry heap for the disk
    }
    // A run of item 0's first chunk, found in Ehcache's own data files wherever it put it.
    byte[] run = DiskBytes.run(origin.expected(item(0)), 1000, 64);
    await("item 0's first chunk on disk").until(() -> DiskBytes.flipWhereFound(directory, run));

    assertDamagedEntryReplaced(item(0));
  }

  /** The next request of {@code path} goes to the origin, and the one after hits a good entry. */
  private void assertDamagedEntryReplaced(String path) {
    long misses = cache.stats().misses();
    int calls = origin.calls(path);

    assertThat(isHit(getFromOrigin(path))).as("served the damaged entry").isFalse();

    assertThat(origin.calls(path)).isEqualTo(calls + 1);
    assertThat(cache.stats().misses()).as("the damaged read counted as a miss")
        .isEqualTo(misses + 1);
    assertThat(isHit(getFromOrigin(path))).as("a hit on the replacement").isTrue();
    assertThat(origin.calls(path)).isEqualTo(calls + 1);
  }
}
