package io.daramjwee.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in the 64 MiB heap of the {@code small-heap} surefire execution, s3proxy included, and
 * moves a 200 MiB body through an {@link S3Store}: up by multipart upload, down by one streamed,
 * verified GET. Buffering the whole body on either side would throw OutOfMemoryError.
 */
class S3LargeObjectSmallHeapTest {

  private static final long SIZE = 200L << 20;

  @TempDir
  Path directory;

  @Test
  void twoHundredMebibytes_roundTripWithTheSameChecksum_inA64MiBHeap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test needs a small heap")
        .isLessThan(SIZE / 2);
    long expected = crc(new Pattern(SIZE));

    try (S3Server server = S3Server.start(directory);
        S3Store store = server.storeBuilder().build()) {
      try (StoreWriter writer = store.setWithWriter("big", Metadata.ofTag("big"))) {
        new Pattern(SIZE).transferTo(writer);
        writer.commit();
      }
      try (StoredEntry entry = store.getStream("big")) {
        assertThat(entry.metadata()).isEqualTo(Metadata.ofTag("big"));
        assertThat(crc(entry.body())).isEqualTo(expected);
      }
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
  static final class Pattern extends InputStream {
    private final long size;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;

    Pattern(long size) {
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
