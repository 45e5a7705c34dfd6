package io.daramjwee.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FilePurgeJournal} on real files: round trips, damage, compaction, concurrency. */
class FilePurgeJournalTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;
  private final List<FilePurgeJournal> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (FilePurgeJournal journal : opened) {
      journal.close();
    }
  }

  @Test
  void append_everyKindAndValue_loadsBackEqualInOrder() throws IOException {
    FilePurgeJournal journal = open();
    List<PurgeMark> marks = List.of(
        mark("a-1", Purge.key("GET https://example.com/a?b=c d")),
        mark("a-2", Purge.path("/products/42").asSoft()),
        mark("a-3", Purge.route("catalog:v2")),
        mark("a-4", Purge.key("상품:42 ünïcødé 🍜").asSoft()),
        mark("a-5", Purge.key("  leading and trailing spaces  ")),
        mark("a-6", Purge.key("m1 x KEY hard")));
    for (PurgeMark mark : marks) {
      journal.append(mark);
    }

    assertThat(journal.load()).containsExactlyElementsOf(marks);
  }

  @Test
  void load_aNewInstanceOverTheSameDirectory_hasTheMarks() throws IOException {
    FilePurgeJournal first = open();
    first.append(mark("a-1", Purge.tag("t")));
    first.append(mark("a-2", Purge.path("/p").asSoft()));
    first.close();

    FilePurgeJournal second = open();
    second.append(mark("b-1", Purge.route("r")));

    assertThat(ids(second.load())).containsExactly("a-1", "a-2", "b-1");
  }

  @Test
  void load_missingFile_isEmpty() throws IOException {
    FilePurgeJournal journal = open();
    Files.delete(journalFile());

    assertThat(journal.load()).isEmpty();
  }

  @Test
  void load_tornLastLine_skipsItAndLoadsTheOthers() throws IOException {
    FilePurgeJournal journal = open();
    journal.append(mark("a-1", Purge.tag("one")));
    journal.append(mark("a-2", Purge.tag("two")));
    journal.append(mark("a-3", Purge.tag("three")));
    journal.close();
    truncateBy(journalFile(), 12);

    assertThat(ids(open().load())).containsExactly("a-1", "a-2");
  }

  @Test
  void append_afterATornLastLine_startsALineOfItsOwn() throws IOException {
    FilePurgeJournal journal = open();
    journal.append(mark("a-1", Purge.tag("one")));
    journal.append(mark("a-2", Purge.tag("two")));
    journal.close();
    truncateBy(journalFile(), 5);

    FilePurgeJournal reopened = open();
    reopened.append(mark("b-1", Purge.tag("after-the-crash")));

    assertThat(ids(reopened.load())).containsExactly("a-1", "b-1");
  }

  @Test
  void load_lastLineMissingOnlyItsLineBreak_isWholeAndLoads() throws IOException {
    FilePurgeJournal journal = open();
    journal.append(mark("a-1", Purge.tag("one")));
    journal.close();
    truncateBy(journalFile(), 1);

    assertThat(ids(open().load())).containsExactly("a-1");
  }

  @Test
  void load_aFlippedByteInAMiddleLine_skipsOnlyThatLine() throws IOException {
    FilePurgeJournal journal = open();
    journal.append(mark("a-1", Purge.tag("one")));
    journal.append(mark("a-2", Purge.tag("two")));
    journal.append(mark("a-3", Purge.tag("three")));
    byte[] bytes = Files.readAllBytes(journalFile());
    int secondLine = indexOf(bytes, "a-2");
    bytes[secondLine + 30] ^= 0x01;
    Files.write(journalFile(), bytes);

    assertThat(ids(journal.load())).containsExactly("a-1", "a-3");
  }

  @Test
  void load_garbageAndUndecodableLines_areSkipped() throws IOException {
    FilePurgeJournal journal = open();
    journal.append(mark("a-1", Purge.tag("one")));
    journal.close();
    String notAMark = "m2 whatever";
    String undecodable = HexFormat.of().toHexDigits((int) crc(notAMark)) + " " + notAMark;
    Files.writeString(journalFile(), "not even a record\n\n" + undecodable + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    FilePurgeJournal reopened = open();
    reopened.append(mark("b-1", Purge.tag("two")));

    assertThat(ids(reopened.load())).containsExactly("a-1", "b-1");
  }

  @Test
  void compact_keepsExactlyTheGivenMarks_andLaterAppendsFollowThem() throws IOException {
    FilePurgeJournal journal = open();
    for (int i = 1; i <= 5; i++) {
      journal.append(mark("a-" + i, Purge.tag("t" + i)));
    }
    PurgeMark kept1 = mark("a-2", Purge.tag("t2"));
    PurgeMark kept2 = mark("a-4", Purge.tag("t4"));

    journal.compact(List.of(kept1, kept2));
    PurgeMark later = mark("b-1", Purge.key("k"));
    journal.append(later);

    assertThat(journal.load()).containsExactly(kept1, kept2, later);
    assertThat(open().load()).containsExactly(kept1, kept2, later);
    assertThat(dir.resolve("purges.journal.tmp")).doesNotExist();
  }

  @Test
  void compact_toNothing_leavesAnEmptyJournal() throws IOException {
    FilePurgeJournal journal = open();
    journal.append(mark("a-1", Purge.tag("t")));

    journal.compact(List.of());

    assertThat(journal.load()).isEmpty();
    assertThat(journalFile()).isEmptyFile();
  }

  @Test
  void load_aTempFileLeftByACrashedCompaction_isIgnoredAndThenReplaced() throws IOException {
    FilePurgeJournal journal = open();
    journal.append(mark("a-1", Purge.tag("old")));
    journal.close();
    // a compaction crashed after writing part of its temp file, before the rename
    Files.writeString(dir.resolve("purges.journal.tmp"), "0badc0de m1 c-1 TAG hard 20");

    FilePurgeJournal reopened = open();
    assertThat(ids(reopened.load())).containsExactly("a-1");

    PurgeMark fresh = mark("b-1", Purge.tag("new"));
    reopened.compact(List.of(fresh));
    assertThat(open().load()).containsExactly(fresh);
  }

  @Test
  void append_fromManyThreadsAtOnce_losesNothing() throws Exception {
    FilePurgeJournal journal = open();
    int threads = 8;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            journal.append(mark("t" + thread + "-" + i, Purge.tag("tag-" + thread)));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<PurgeMark> loaded = open().load();
    assertThat(loaded).hasSize(threads * perThread);
    assertThat(ids(loaded)).doesNotHaveDuplicates();
  }

  @Test
  void in_aRegularFile_failsNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> FilePurgeJournal.in(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void in_aMissingDirectory_createsIt() throws IOException {
    Path nested = dir.resolve("a/b/c");
    FilePurgeJournal journal = FilePurgeJournal.in(nested);
    opened.add(journal);

    assertThat(nested).isDirectory();
    assertThat(journal.describe()).isEqualTo(nested.resolve("purges.journal").toString());
  }

  @Test
  void everyMethod_afterClose_throwsClosed() throws IOException {
    FilePurgeJournal journal = open();
    journal.close();
    journal.close(); // twice is fine

    PurgeMark mark = mark("a-1", Purge.tag("t"));
    assertThatThrownBy(() -> journal.append(mark)).isInstanceOf(IOException.class)
        .hasMessage("closed");
    assertThatThrownBy(journal::load).isInstanceOf(IOException.class).hasMessage("closed");
    assertThatThrownBy(() -> journal.compact(List.of(mark))).isInstanceOf(IOException.class)
        .hasMessage("closed");
  }

  // ---- helpers ----

  private FilePurgeJournal open() throws IOException {
    FilePurgeJournal journal = FilePurgeJournal.in(dir);
    opened.add(journal);
    return journal;
  }

  private Path journalFile() {
    return dir.resolve("purges.journal");
  }

  private static PurgeMark mark(String id, Purge purge) {
    return new PurgeMark(id, purge, T0, T0.plus(Duration.ofHours(1)));
  }

  private static List<String> ids(List<PurgeMark> marks) {
    return marks.stream().map(PurgeMark::id).toList();
  }

  private static void truncateBy(Path file, int bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - bytes);
    }
  }

  private static int indexOf(byte[] bytes, String ascii) {
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(ascii);
    assertThat(at).as("'" + ascii + "' in the journal").isNotNegative();
    return at;
  }

  private static long crc(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
