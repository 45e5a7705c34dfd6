package io.daramjwee.store.file;

import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.FileRegion;
import io.daramjwee.StoredEntry;
import io.daramjwee.testing.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file store's zero-copy offer ({@link ZeroCopy}): which bodies it offers as a
 * {@link FileRegion} (only a version a read of this process verified whole, unchanged since, and
 * not due for re-verification), and the send links that keep a region's name on its bytes when
 * the entry is replaced, deleted or evicted, until the grace is over.
 */
class FileStoreZeroCopyTest extends FileStoreSupport {

  private static final int LARGE = 300 * 1024; // above EntryFile.VERIFY_WHOLE_MAX: streamed

  private final MutableClock clock = new MutableClock();

  @Test
  void freshlyWrittenLargeEntry_offersNoRegion_untilAReadVerifiedItsWholeBody() throws IOException {
    FileStore store = openWithClock(1L << 30);
    byte[] body = bytes(1, LARGE);
    commit(store, "k", MD, body);

    assertThat(regionOf(store, "k")).as("never read yet").isNull();
    readPart(store, "k", LARGE / 2);
    assertThat(regionOf(store, "k")).as("read only in part").isNull();
    assertThat(read(store, "k")).isEqualTo(body);

    FileRegion region = regionOf(store, "k");
    assertThat(region).as("verified by the whole read").isNotNull();
    assertThat(region.length()).isEqualTo(LARGE);
    assertThat(Files.isSameFile(region.file(), store.pathOf("k"))).isTrue();
    assertThat(region.file()).isNotEqualTo(store.pathOf("k"));
    assertThat(bytesOf(region)).as("the region holds exactly the body").isEqualTo(body);
  }

  @Test
  void smallEntry_neverOffersARegion_itIsReadWholeOnEveryHit() throws IOException {
    FileStore store = openWithClock(1L << 30);
    commit(store, "k", MD, bytes(1, 10_000));
    read(store, "k");

    assertThat(regionOf(store, "k")).isNull();
  }

  @Test
  void streamAlreadyReadFrom_offersNoRegion() throws IOException {
    FileStore store = openWithClock(1L << 30);
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");

    try (StoredEntry entry = store.getStream("k")) {
      entry.body().read();
      assertThat(entry.fileRegion()).isNull();
    }
  }

  @Test
  void everyVersionIsVerifiedAnew_aReplacementOffersNoRegionUntilRead() throws IOException {
    FileStore store = openWithClock(1L << 30);
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");
    assertThat(regionOf(store, "k")).isNotNull();

    commit(store, "k", MD, bytes(2, LARGE));

    assertThat(regionOf(store, "k")).isNull();
    read(store, "k");
    assertThat(bytesOf(regionOf(store, "k"))).isEqualTo(bytes(2, LARGE));
  }

  @Test
  void fileWrittenInPlaceAfterItsVerification_offersNoRegion_andItsNextReadFindsTheDamage()
      throws IOException {
    FileStore store = openWithClock(1L << 30);
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");
    assertThat(regionOf(store, "k")).isNotNull();

    flipAfterATimestampTick(store.pathOf("k"));

    assertThat(regionOf(store, "k")).as("the file changed since it was verified").isNull();
    try (StoredEntry entry = store.getStream("k")) {
      assertThatThrownBy(() -> entry.body().readAllBytes())
          .isInstanceOf(CorruptEntryException.class);
    }
    assertThat(store.getStream("k")).as("removed on the first damaged read").isNull();
  }

  @Test
  void verification_fallsDueAfterReverifyAfter_thenTheNextWholeReadRenewsIt() throws IOException {
    FileStore store = open(FileStore.builder().capacity(1L << 30).clock(clock)
        .reverifyAfter(Duration.ofMinutes(10)));
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");

    clock.advance(Duration.ofMinutes(9));
    assertThat(regionOf(store, "k")).isNotNull();
    clock.advance(Duration.ofMinutes(1));
    assertThat(regionOf(store, "k")).as("due again").isNull();

    read(store, "k");
    assertThat(regionOf(store, "k")).isNotNull();
  }

  @Test
  void restart_trustsNoFileUntilReadAgain_andDeletesTheSendLinksOfTheLastRun() throws IOException {
    FileStore store = openWithClock(1L << 30);
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");
    Path link = regionOf(store, "k").file();

    FileStore reopened = openWithClock(1L << 30);

    assertThat(link).doesNotExist();
    assertThat(regionOf(reopened, "k")).as("not verified since the restart").isNull();
    assertThat(read(reopened, "k")).isEqualTo(bytes(1, LARGE));
    assertThat(regionOf(reopened, "k")).isNotNull();
  }

  @Test
  void replacedEntry_keepsItsLinkOnTheOldBytesForTheGrace_thenTheLinkIsDeleted()
      throws IOException {
    FileStore store = openWithClock(1L << 30);
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");
    FileRegion old = regionOf(store, "k");

    commit(store, "k", MD, bytes(2, LARGE));

    assertThat(bytesOf(old)).as("the old version, by the name handed out").isEqualTo(
        bytes(1, LARGE));
    clock.advance(ZeroCopy.LINK_GRACE);
    store.delete("unrelated"); // any commit, delete or offer reaps
    assertThat(old.file()).as("still inside the grace").exists();
    clock.advance(Duration.ofSeconds(1));
    store.delete("unrelated");
    assertThat(old.file()).doesNotExist();
    assertThat(read(store, "k")).isEqualTo(bytes(2, LARGE));
  }

  @Test
  void evictedAndDeletedEntries_keepTheirLinksForTheGrace() throws IOException {
    long room = fileLength("a", LARGE) * 2;
    FileStore store = openWithClock(room);
    commit(store, "a", MD, bytes(1, LARGE));
    commit(store, "b", MD, bytes(2, LARGE));
    read(store, "a");
    read(store, "b");
    FileRegion a = regionOf(store, "a");
    FileRegion b = regionOf(store, "b");

    commit(store, "c", MD, bytes(3, LARGE)); // evicts a, the least recently used
    store.delete("b");

    assertThat(keysPresent(store, "a", "b", "c")).containsExactly("c");
    assertThat(bytesOf(a)).isEqualTo(bytes(1, LARGE));
    assertThat(bytesOf(b)).isEqualTo(bytes(2, LARGE));
    assertThat(store.size()).as("links count against no capacity").isEqualTo(room / 2);
    clock.advance(ZeroCopy.LINK_GRACE.plusSeconds(1));
    regionOf(store, "c");
    assertThat(List.of(a.file(), b.file())).allSatisfy(p -> assertThat(p).doesNotExist());
  }

  @Test
  void close_deletesTheLinksOfRetiredVersions() throws IOException {
    FileStore store = openWithClock(1L << 30);
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");
    FileRegion old = regionOf(store, "k");
    store.delete("k");

    store.close();

    assertThat(old.file()).doesNotExist();
  }

  @Test
  void copyModeStore_offersNoRegion() throws IOException {
    FileStore store = open(FileStore.builder().capacity(1L << 30).copyMode(true));
    commit(store, "k", MD, bytes(1, LARGE));
    read(store, "k");

    assertThat(regionOf(store, "k")).isNull();
  }

  private FileStore openWithClock(long capacity) throws IOException {
    return open(FileStore.builder().capacity(capacity).clock(clock));
  }

  /** The region {@code key}'s entry offers now, the entry closed unread; null when none. */
  private static FileRegion regionOf(FileStore store, String key) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      return entry.fileRegion();
    }
  }

  private static void readPart(FileStore store, String key, int length) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      entry.body().readNBytes(length);
    }
  }

  private static byte[] bytesOf(FileRegion region) throws IOException {
    try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(region.length()));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, region.start() + buffer.position()) < 0) {
          throw new IOException("file ends before the region does");
        }
      }
      return buffer.array();
    }
  }

  /**
   * Flips a body byte of {@code file} once the clock has moved past the file's modification
   * time by more than a file system timestamp tick, as any later write would be: a write within
   * the same tick leaves the time unchanged, which {@link ZeroCopy} documents as what only the
   * re-verification catches.
   */
  static void flipAfterATimestampTick(Path file) throws IOException {
    long modified = Files.getLastModifiedTime(file).toMillis();
    await("a timestamp tick after the last write").pollInterval(Duration.ofMillis(5))
        .until(() -> System.currentTimeMillis() > modified + 50);
    EntryFiles.flipBodyByte(file);
  }
}
