package io.daramjwee.store.file;

import static io.daramjwee.store.file.EntryFiles.filesUnder;
import static io.daramjwee.store.file.EntryFiles.tempFiles;
import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What only a file store does: survive restarts and crashes, catch damage, map keys to names. */
class FileStoreTest extends FileStoreSupport {

  private static final Metadata OLD = Metadata.builder().cacheTag("\"old\"")
      .cachedAt(Instant.parse("2024-05-01T10:15:30.123456789Z"))
      .freshFor(Duration.ofSeconds(60)).attribute("status", "200").build();
  private static final Metadata NEW = OLD.toBuilder().cacheTag("\"new\"").build();
  private static final int LARGE = 1 << 20;

  @Test
  void restart_keepsEveryCommittedEntry_withItsMetadataAndBytes() throws IOException {
    FileStore first = open(1L << 30);
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      bodies.put("k" + i, bytes(i, i == 0 ? 0 : i == 1 ? LARGE : i * 7_919));
      commit(first, "k" + i, OLD.toBuilder().attribute("i", "" + i).build(), bodies.get("k" + i));
    }
    bodies.put("k5", bytes(99, 5_000));
    commit(first, "k5", NEW, bodies.get("k5"));
    first.delete("k6");
    first.setWithWriter("k7", NEW).abort();
    long size = first.size();
    first.close();

    FileStore second = open(1L << 30);

    for (int i = 0; i < 40; i++) {
      if (i == 5) {
        assertHolds(second, "k5", NEW, bodies.get("k5"));
      } else if (i == 6) {
        assertAbsent(second, "k6");
      } else {
        assertHolds(second, "k" + i, OLD.toBuilder().attribute("i", "" + i).build(),
            bodies.get("k" + i));
      }
    }
    assertThat(second.entryCount()).isEqualTo(39);
    assertThat(second.size()).isEqualTo(size).isEqualTo(EntryFiles.entryBytes(directory));
  }

  @Test
  void writerAbandonedMidWrite_thenRestart_keepsTheOldValue_andDeletesItsTempFile()
      throws IOException {
    FileStore crashed = open(1L << 30);
    byte[] old = bytes(1, 10_000);
    commit(crashed, "k", OLD, old);
    StoreWriter abandoned = crashed.setWithWriter("k", NEW);
    abandoned.write(bytes(2, 100_000)); // past the writer's buffer: bytes are on disk
    assertThat(tempFiles(directory)).as("the unfinished write's temp file").hasSize(1);

    FileStore restarted = open(1L << 30); // the crashed process never runs again

    assertThat(tempFiles(directory)).isEmpty();
    assertHolds(restarted, "k", OLD, old);
    abandoned.abort(); // only releases this test's file handle
  }

  @ParameterizedTest(name = "copyMode={0}")
  @ValueSource(booleans = {false, true})
  void abortCloseAndFailedCommit_leaveNoFileBehind(boolean copyMode) throws IOException {
    FileStore store = open(FileStore.builder().capacity(100_000).copyMode(copyMode));
    put(store, "kept", 10);

    try (StoreWriter writer = store.setWithWriter("aborted", MD)) {
      writer.write(bytes(1, 50_000));
      writer.abort();
    }
    try (StoreWriter writer = store.setWithWriter("closed", MD)) {
      writer.write(bytes(2, 50_000));
    }
    try (StoreWriter writer = store.setWithWriter("too-big", MD)) {
      writer.write(bytes(3, 200_000));
      assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
    }
    put(store, "committed", 20);

    assertThat(filesUnder(directory))
        .containsExactlyInAnyOrder(store.pathOf("kept"), store.pathOf("committed"));
  }

  @Test
  void flippedByteInASmallBody_readsAsNotFound_andTheFileIsDeleted() throws IOException {
    FileStore store = open(1L << 30);
    commit(store, "k", OLD, bytes(1, 10_000));

    EntryFiles.flipBodyByte(store.pathOf("k"));

    assertThat(store.getStream("k")).isNull();
    assertThat(store.pathOf("k")).doesNotExist();
    assertAbsent(store, "k");
    assertThat(store.size()).isZero();
  }

  /** Offsets in the header of key "k" with {@link #OLD}; see {@link Frame} and MetadataCodec. */
  @ParameterizedTest(name = "byte {0}: {1}")
  @CsvSource({"0, magic", "4, format version", "6, key length", "13, the key itself",
      "14, metadata version", "20, cachedAt: still decodes", "30, tag length",
      "33, tag text: still decodes", "71, header checksum"})
  void flippedByteInTheHeader_readsAsNotFound_forStatAsForGetStream(int position, String what)
      throws IOException {
    FileStore store = open(1L << 30);
    commit(store, "k", OLD, bytes(1, LARGE)); // a large body: stat and getStream read the header
    commit(store, "j", OLD, bytes(1, LARGE));

    EntryFiles.flipByte(store.pathOf("k"), position);
    EntryFiles.flipByte(store.pathOf("j"), position);

    assertThat(store.stat("k")).isNull();
    assertThat(store.getStream("j")).isNull();
    assertThat(store.pathOf("k")).doesNotExist();
    assertThat(store.pathOf("j")).doesNotExist();
  }

  @Test
  void flippedByteInALargeBody_failsTheReadThatWouldCompleteIt_thenReadsAsNotFound()
      throws IOException {
    FileStore store = open(1L << 30);
    byte[] body = bytes(1, LARGE);
    assertThat(body.length).isGreaterThan(EntryFile.VERIFY_WHOLE_MAX);
    commit(store, "k", OLD, body);
    EntryFiles.flipBodyByte(store.pathOf("k"));

    long delivered = 0;
    try (StoredEntry entry = store.getStream("k")) {
      assertThat(entry).as("a large body is verified as it streams").isNotNull();
      InputStream in = entry.body();
      byte[] buffer = new byte[16 * 1024];
      try {
        for (int n; (n = in.read(buffer)) != -1; ) {
          delivered += n;
        }
        throw new AssertionError("read " + delivered + " damaged bytes to a clean end");
      } catch (CorruptEntryException expected) {
        assertThat(expected).hasMessageContaining("checksum");
      }
      assertThat(delivered).as("bytes delivered before the failure").isLessThan(body.length);
      assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(CorruptEntryException.class);
    }
    assertThat(store.getStream("k")).isNull();
    assertThat(store.pathOf("k")).doesNotExist();
  }

  /** Where a torn write might have stopped: a body length and how many bytes survived. */
  static Stream<Arguments> tornFiles() {
    return Stream.of(10_000, LARGE).flatMap(body -> {
      long header = fileLength("k", 0) - Frame.TRAILER_LENGTH;
      long whole = fileLength("k", body);
      return Stream.of(0L, 5L, 20L, header, header + body / 2, whole - 16, whole - 1)
          .map(cut -> Arguments.of(body, cut));
    });
  }

  @ParameterizedTest(name = "body {0} cut at {1}")
  @MethodSource("tornFiles")
  void truncatedFile_readsAsNotFound_andIsDeleted(int body, long cut) throws IOException {
    FileStore store = open(1L << 30);
    commit(store, "k", MD, bytes(1, body));
    commit(store, "j", MD, bytes(1, body));
    assertThat(store.pathOf("k")).hasSize(fileLength("k", body));

    EntryFiles.truncate(store.pathOf("k"), cut);
    EntryFiles.truncate(store.pathOf("j"), cut);

    assertThat(store.getStream("k")).isNull();
    assertThat(store.stat("j")).isNull();
    assertThat(filesUnder(directory)).isEmpty();
    assertThat(store.entryCount()).isZero();
  }

  @Test
  void restart_deletesTornAndDamagedEntriesAndTempFiles_andLeavesForeignFilesAlone()
      throws IOException {
    FileStore first = open(1L << 30);
    for (String key : List.of("torn", "damaged", "fine")) {
      commit(first, key, OLD, bytes(1, 10_000));
    }
    first.close();
    EntryFiles.truncate(first.pathOf("torn"), 9_000);
    EntryFiles.flipByte(first.pathOf("damaged"), 20);
    Path orphan = first.pathOf("fine").resolveSibling(hash("fine") + ".1234.tmp");
    Files.write(orphan, bytes(2, 100));
    Path notes = Files.writeString(directory.resolve("README.txt"), "mine");
    Path stray = Files.writeString(first.pathOf("fine").resolveSibling("notes.txt"), "mine too");

    FileStore second = open(1L << 30);

    assertThat(filesUnder(directory))
        .containsExactlyInAnyOrder(second.pathOf("fine"), notes, stray);
    assertHolds(second, "fine", OLD, bytes(1, 10_000));
    assertThat(second.entryCount()).isEqualTo(1);
  }

  @Test
  void pathTraversalKeys_stayInsideTheDirectory() throws IOException {
    Path root = directory.resolve("store");
    FileStore store = track(FileStore.builder().capacity(1L << 30).directory(root).build());
    List<String> keys = List.of("../../etc/passwd", "../escape", "/etc/passwd", "..\\..\\win",
        "a/../../../b", "..", ".", "%2e%2e%2fetc", "C:\\Windows\\system32", "~/.ssh/id_rsa",
        "nul\0byte");

    for (int i = 0; i < keys.size(); i++) {
      commit(store, keys.get(i), OLD, bytes(i, 100));
    }

    List<Path> files = filesUnder(directory);
    assertThat(files).hasSize(keys.size());
    assertThat(files).allSatisfy(file -> {
      assertThat(file.getParent().getParent()).isEqualTo(root);
      assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}\\.dat");
    });
    for (int i = 0; i < keys.size(); i++) {
      assertHolds(store, keys.get(i), OLD, bytes(i, 100));
    }
  }

  @Test
  void twoThousandCharacterKey_roundTrips_andSurvivesARestart() throws IOException {
    String key = "/search?q=" + "x".repeat(1_990);
    assertThat(key).hasSize(2_000);
    FileStore first = open(1L << 30);
    commit(first, key, OLD, bytes(1, 3_000));
    first.close();

    FileStore second = open(1L << 30);

    assertHolds(second, key, OLD, bytes(1, 3_000));
    assertAbsent(second, key.substring(1));
  }

  @Test
  void fileHoldingAnotherKeyUnderItsName_readsAsNotFound_andIsLeftInPlace() throws IOException {
    FileStore store = open(1L << 30);
    commit(store, "a", OLD, bytes(1, 100));
    commit(store, "b", NEW, bytes(2, 100));

    // What a SHA-256 collision would look like: b's file name, a's entry inside.
    Files.copy(store.pathOf("a"), store.pathOf("b"), StandardCopyOption.REPLACE_EXISTING);

    assertAbsent(store, "b");
    assertThat(store.pathOf("b")).exists();
    assertHolds(store, "a", OLD, bytes(1, 100));
  }

  @Test
  void fileDeletedBehindTheStoresBack_readsAsNotFound_andLeavesTheIndex() throws IOException {
    FileStore store = open(1L << 30);
    commit(store, "a", OLD, bytes(1, 100));

    Files.delete(store.pathOf("a"));

    assertAbsent(store, "a");
    assertThat(store.entryCount()).isZero();
    assertThat(store.size()).isZero();
  }
}
