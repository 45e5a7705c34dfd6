package io.daramjwee.store.file;

import static io.daramjwee.store.file.EntryFiles.entryBytes;
import static io.daramjwee.store.file.EntryFiles.filesUnder;
import static io.daramjwee.store.file.EntryFiles.tempFiles;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link StoreWriter#amendMetadata} does to a file store's entry, whose header is written
 * before the body: patched in place when the new header has the old one's length, re-framed into
 * a new file when it has not, and either way a file that checks out, also after a restart.
 */
class FileStoreAmendTest extends FileStoreSupport {

  private static final Metadata PLACEHOLDER = MD.toBuilder().attribute("len", "-01").build();
  private static final Metadata SAME_SIZE = MD.toBuilder().attribute("len", "123").build();
  private static final Metadata LONGER =
      MD.toBuilder().attribute("len", "123").attribute("digest", "d".repeat(300)).build();
  private static final Metadata SHORTER = Metadata.builder().build();
  private static final int EIGHT_MIB = 8 << 20;

  /** Below and above the writer's buffer: the header is still buffered, or already on disk. */
  @ParameterizedTest(name = "body of {0} bytes")
  @ValueSource(ints = {0, 100, 100_000})
  void sameSizeAmend_rewritesTheHeaderOfTheWrittenFileInPlace(int length) throws IOException {
    assertThat(SAME_SIZE.encode()).hasSameSizeAs(PLACEHOLDER.encode());
    FileStore store = open(1L << 30);
    byte[] body = bytes(1, length);

    Object written;
    try (StoreWriter writer = store.setWithWriter("k", PLACEHOLDER)) {
      writer.write(body);
      written = fileKey(single(tempFiles(directory)));
      assertThat(writer.amendMetadata(SAME_SIZE)).isTrue();
      writer.commit();
    }

    assertThat(fileKey(store.pathOf("k"))).as("the published file is the one written").isEqualTo(
        written);
    assertThat(store.pathOf("k")).hasSize(entryLength("k", PLACEHOLDER, length));
    assertHolds(store, "k", SAME_SIZE, body);
    assertThat(headerOf(store.pathOf("k"))).isEqualTo(SAME_SIZE);
  }

  @ParameterizedTest(name = "body of {0} bytes")
  @ValueSource(ints = {0, 100, 100_000})
  void otherSizeAmend_publishesANewFile_thatSurvivesARestart(int length) throws IOException {
    FileStore store = open(1L << 30);
    byte[] body = bytes(2, length);

    for (Metadata amended : new Metadata[] {LONGER, SHORTER}) {
      String key = amended == LONGER ? "longer" : "shorter";
      Object written;
      try (StoreWriter writer = store.setWithWriter(key, PLACEHOLDER)) {
        writer.write(body);
        written = fileKey(single(tempFiles(directory)));
        assertThat(writer.amendMetadata(amended)).isTrue();
        writer.commit();
      }

      assertThat(fileKey(store.pathOf(key))).as("a new file").isNotEqualTo(written);
      assertThat(store.pathOf(key)).hasSize(entryLength(key, amended, length));
      assertThat(headerOf(store.pathOf(key))).isEqualTo(amended);
    }
    assertThat(tempFiles(directory)).as("both temp files of each write are gone").isEmpty();
    long size = store.size();
    assertThat(size).isEqualTo(entryBytes(directory));

    FileStore restarted = open(1L << 30); // rebuilds its index, checking every file

    assertThat(restarted.entryCount()).isEqualTo(2);
    assertThat(restarted.size()).isEqualTo(size);
    assertHolds(restarted, "longer", LONGER, body);
    assertHolds(restarted, "shorter", SHORTER, body);
  }

  @ParameterizedTest(name = "copyMode={0}")
  @ValueSource(booleans = {false, true})
  void amendedEightMebibyteBody_survivesByteForByte_inPlaceAndReframed(boolean copyMode)
      throws IOException {
    FileStore store = open(FileStore.builder().capacity(1L << 30).copyMode(copyMode));
    byte[] body = bytes(3, EIGHT_MIB);

    for (Metadata amended : new Metadata[] {SAME_SIZE, LONGER}) {
      String key = amended == SAME_SIZE ? "same" : "longer";
      try (StoreWriter writer = store.setWithWriter(key, PLACEHOLDER)) {
        for (int at = 0; at < body.length; at += 65_537) {
          writer.write(body, at, Math.min(65_537, body.length - at));
        }
        assertThat(writer.amendMetadata(amended)).isTrue();
        writer.commit();
      }
      assertThat(store.pathOf(key)).hasSize(entryLength(key, amended, EIGHT_MIB));
    }

    FileStore restarted = open(FileStore.builder().capacity(1L << 30).copyMode(copyMode));
    assertHolds(restarted, "same", SAME_SIZE, body);
    assertHolds(restarted, "longer", LONGER, body);
    assertThat(tempFiles(directory)).isEmpty();
  }

  @Test
  void amendThatTakesTheFileOverCapacity_failsTheCommit_andLeavesNoFileBehind()
      throws IOException {
    long capacity = entryLength("k", PLACEHOLDER, 10_000);
    FileStore store = open(capacity);

    StoreWriter writer = store.setWithWriter("k", PLACEHOLDER);
    writer.write(new byte[10_000]); // exactly fills the capacity
    assertThat(writer.amendMetadata(LONGER)).isTrue();

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
        .hasMessage("entry of " + entryLength("k", LONGER, 10_000) + " bytes exceeds capacity "
            + capacity);
    assertThat(filesUnder(directory)).isEmpty();
    assertThat(store.entryCount()).isZero();
  }

  @Test
  void amendOfAWriteThatOverflowedTheCapacity_stillFailsTheCommit() throws IOException {
    FileStore store = open(100_000);
    put(store, "k", 100);

    try (StoreWriter writer = store.setWithWriter("k", PLACEHOLDER)) {
      writer.write(new byte[150_000]);
      assertThat(tempFiles(directory)).as("released when it overflowed").isEmpty();
      assertThat(writer.amendMetadata(SHORTER)).as("the commit fails anyway").isTrue();

      assertThatThrownBy(writer::commit).hasMessageContaining("exceeds capacity 100000");
    }
    assertHolds(store, "k", MD, new byte[100]);
    assertThat(tempFiles(directory)).isEmpty();
  }

  @Test
  void amendedWriteAbandonedByACrash_leavesOnlyTheOldValue_afterARestart() throws IOException {
    FileStore crashed = open(1L << 30);
    put(crashed, "k", 100);
    StoreWriter abandoned = crashed.setWithWriter("k", PLACEHOLDER);
    abandoned.write(bytes(4, 100_000));
    abandoned.amendMetadata(LONGER);

    FileStore restarted = open(1L << 30);

    assertThat(tempFiles(directory)).isEmpty();
    assertHolds(restarted, "k", MD, new byte[100]);
    abandoned.abort(); // only releases this test's file handle
  }

  /** The length of an entry file of {@code key} with {@code metadata} and such a body. */
  private static long entryLength(String key, Metadata metadata, int bodyLength) {
    return Frame.headerLength(utf8(key).length, metadata.encode().length) + bodyLength
        + Frame.TRAILER_LENGTH;
  }

  /** The metadata in the header of {@code file}, after checking the header's checksum. */
  private static Metadata headerOf(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer prefix = ByteBuffer.allocate(Frame.PREFIX_LENGTH);
      channel.read(prefix, 0);
      int length = Frame.headerLength(prefix, channel.size());
      ByteBuffer header = ByteBuffer.allocate(length);
      channel.read(header, 0);
      return Frame.decodeHeader(header, length).metadata();
    }
  }

  /** What identifies the file (device and inode on POSIX) whatever its name. */
  private static Object fileKey(Path file) throws IOException {
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    Assumptions.assumeTrue(key != null, "the file system gives files no identity");
    return key;
  }

  private static Path single(List<Path> paths) {
    assertThat(paths).hasSize(1);
    return paths.get(0);
  }
}
