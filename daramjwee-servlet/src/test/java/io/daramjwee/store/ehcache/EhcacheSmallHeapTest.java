package io.daramjwee.store.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.testing.LargeBodies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in a 64 MiB heap (the {@code small-heap} surefire execution): half a gigabyte of entries,
 * then one body of 256 MiB, through a store whose heap pool holds 16 MiB and whose disk pool holds
 * the rest. Holding a whole body, or more than the heap pool's chunks, anywhere on the way would
 * throw OutOfMemoryError. Off-heap is left out: its direct memory is bounded by the heap size.
 */
class EhcacheSmallHeapTest {

  private static final int ENTRIES = 50;
  private static final long ENTRY = 10L << 20;
  private static final long LARGE = 256L << 20;

  @TempDir
  Path directory;

  @Test
  @Timeout(120)
  void halfAGigabyteOfEntries_andA256MiBBody_roundTrip_inA64MiBHeap() throws IOException {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test needs a small heap")
        .isLessThan(LARGE / 2);
    Metadata metadata = Metadata.ofTag("big");
    try (EhcacheStore store = EhcacheStore.builder().heapSize(16L << 20).diskSize(2L << 30)
        .directory(directory).build()) {
      for (int i = 0; i < ENTRIES; i++) {
        write(store, "entry-" + i, metadata, LargeBodies.pattern(i, ENTRY));
      }
      for (int i : new int[] {0, ENTRIES / 2, ENTRIES - 1}) {
        assertThat(readCrc(store, "entry-" + i, ENTRY)).as("entry-%d", i)
            .isEqualTo(LargeBodies.patternCrc(i, ENTRY));
      }

      write(store, "large", metadata, LargeBodies.pattern(-1, LARGE));

      assertThat(readCrc(store, "large", LARGE)).isEqualTo(LargeBodies.patternCrc(-1, LARGE));
      assertThat(store.stat("large")).isEqualTo(metadata);
    }
  }

  private static void write(EhcacheStore store, String key, Metadata metadata, InputStream body)
      throws IOException {
    try (StoreWriter writer = store.setWithWriter(key, metadata)) {
      body.transferTo(writer);
      writer.commit();
    }
  }

  private static long readCrc(EhcacheStore store, String key, long length) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      assertThat(entry).as("getStream(%s)", key).isNotNull();
      return LargeBodies.crc(entry.body(), length);
    }
  }
}
