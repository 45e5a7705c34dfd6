package io.daramjwee.store.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32C;
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
        write(store, "entry-" + i, metadata, new PatternStream(i, ENTRY));
      }
      for (int i : new int[] {0, ENTRIES / 2, ENTRIES - 1}) {
        assertThat(readCrc(store, "entry-" + i, ENTRY)).as("entry-%d", i)
            .isEqualTo(crc(new PatternStream(i, ENTRY)));
      }

      write(store, "large", metadata, new PatternStream(-1, LARGE));

      assertThat(readCrc(store, "large", LARGE)).isEqualTo(crc(new PatternStream(-1, LARGE)));
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
      CRC32C crc = new CRC32C();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = entry.body().read(buffer)) != -1; ) {
        crc.update(buffer, 0, n);
        total += n;
      }
      assertThat(total).as("bytes of %s", key).isEqualTo(length);
      return crc.getValue();
    }
  }

  private static long crc(InputStream in) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) != -1; ) {
      crc.update(buffer, 0, n);
    }
    return crc.getValue();
  }

  /** Deterministic pseudo-random bytes, generated as they are read: never held in memory. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private long position;
    private long state;

    PatternStream(long seed, long size) {
      this.size = size;
      this.state = 0x9E3779B97F4A7C15L ^ seed;
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
