package io.daramjwee.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.RangeReadable;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part of a file store entry's body ({@link RangeReadable}): read at its place in the file,
 * exactly its bytes, and a file that proves shorter than the part is a damaged entry, removed.
 */
class FileStoreRangeTest {

  private static final int SIZE = 1 << 20;

  @TempDir Path dir;

  @Test
  void part_isExactlyItsBytes_atTheStartInTheMiddleAndAtTheEnd() throws IOException {
    FileStore store = FileStore.builder().directory(dir).capacity(64L << 20).build();
    byte[] body = write(store, "k");

    assertThat(part(store, "k", 0, 1)).isEqualTo(Arrays.copyOf(body, 1));
    assertThat(part(store, "k", 123_457, 65_536))
        .isEqualTo(Arrays.copyOfRange(body, 123_457, 123_457 + 65_536));
    assertThat(part(store, "k", SIZE - 300, 300)).isEqualTo(Arrays.copyOfRange(body, SIZE - 300,
        SIZE));
    assertThat(part(store, "k", 0, SIZE)).isEqualTo(body);
    assertThat(part(store, "k", 77, 0)).isEmpty();
  }

  @Test
  void partBeyondTheBody_isDeclined() throws IOException {
    FileStore store = FileStore.builder().directory(dir).capacity(64L << 20).build();
    write(store, "k");

    try (StoredEntry entry = store.getStream("k")) {
      assertThat(((RangeReadable) entry.body()).openRange(SIZE - 10, 11)).isNull();
    }
  }

  @Test
  void fileCutShortUnderAnOpenPart_failsAsCorrupt_andTheEntryIsRemoved() throws IOException {
    FileStore store = FileStore.builder().directory(dir).capacity(64L << 20).build();
    write(store, "k");

    try (StoredEntry entry = store.getStream("k")) {
      InputStream part = ((RangeReadable) entry.body()).openRange(SIZE / 4, SIZE / 2);
      // A failing disk or a stray writer cuts the file after the store opened and checked it.
      try (FileChannel channel = FileChannel.open(onlyEntryFile(), StandardOpenOption.WRITE)) {
        channel.truncate(channel.size() - SIZE / 2);
      }
      assertThatThrownBy(part::readAllBytes).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("file ends at byte");
    }
    assertThat(store.stat("k")).isNull();
  }

  private static byte[] write(FileStore store, String key) throws IOException {
    byte[] body = new byte[SIZE];
    new Random(7).nextBytes(body);
    try (StoreWriter w = store.setWithWriter(key, Metadata.ofTag("t"))) {
      w.write(body);
      w.commit();
    }
    return body;
  }

  private static byte[] part(FileStore store, String key, long first, long count)
      throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      assertThat(entry.body()).isInstanceOf(RangeReadable.class);
      try (InputStream part = ((RangeReadable) entry.body()).openRange(first, count)) {
        assertThat(part).as("a part inside the body is opened").isNotNull();
        return part.readAllBytes();
      }
    }
  }

  private Path onlyEntryFile() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> entries = files.filter(p -> p.toString().endsWith(".dat")).toList();
      assertThat(entries).hasSize(1);
      return entries.get(0);
    }
  }
}
