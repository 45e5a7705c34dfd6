package io.daramjwee.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.testing.LargeBodies;
import java.io.IOException;
import java.nio.file.Path;
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
    long expected = LargeBodies.patternCrc(0, SIZE);

    try (S3Server server = S3Server.start(directory);
        S3Store store = server.storeBuilder().build()) {
      try (StoreWriter writer = store.setWithWriter("big", Metadata.ofTag("big"))) {
        LargeBodies.pattern(0, SIZE).transferTo(writer);
        writer.commit();
      }
      try (StoredEntry entry = store.getStream("big")) {
        assertThat(entry.metadata()).isEqualTo(Metadata.ofTag("big"));
        assertThat(LargeBodies.crc(entry.body(), SIZE)).isEqualTo(expected);
      }
    }
  }
}
