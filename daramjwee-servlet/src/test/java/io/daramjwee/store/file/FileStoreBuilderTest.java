package io.daramjwee.store.file;

import static io.daramjwee.store.file.EntryFiles.tempFiles;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.FetchResult;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.policy.EvictionPolicy;
import io.daramjwee.policy.LruPolicy;
import io.daramjwee.store.memory.MemoryStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Configuration, the tier-0 refusal of copy mode, and the store's life cycle. */
class FileStoreBuilderTest extends FileStoreSupport {

  @Test
  void build_withoutDirectory_throwsNamingTheSetting() {
    assertThatThrownBy(() -> FileStore.builder().capacity(1_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("directory is required: set where the files go");
  }

  @Test
  void build_withoutCapacity_throwsNamingTheSetting() {
    assertThatThrownBy(() -> FileStore.builder().directory(directory).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity is required: set a positive number of bytes");
  }

  @Test
  void capacity_notPositive_throwsNamingTheValue() {
    assertThatThrownBy(() -> FileStore.builder().capacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be positive: 0");
    assertThatThrownBy(() -> FileStore.builder().capacity(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be positive: -5");
  }

  @Test
  void policy_unknownName_throwsAtOnceNamingTheValue() {
    assertThatThrownBy(() -> FileStore.builder().policy("mru"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown eviction policy 'mru'; known: lru");
  }

  @Test
  void policy_nullSupplier_throws() {
    assertThatThrownBy(() -> FileStore.builder().policy((Supplier<EvictionPolicy>) null))
        .isInstanceOf(NullPointerException.class).hasMessage("policy");
  }

  @Test
  void policy_storesBuiltFromOneBuilder_neverShareAPolicy() throws IOException {
    List<EvictionPolicy> made = new ArrayList<>();
    FileStoreBuilder builder = FileStore.builder().capacity(1 << 20).policy(() -> {
      LruPolicy policy = new LruPolicy();
      made.add(policy);
      return policy;
    });

    track(builder.directory(directory.resolve("one")).build());
    track(builder.directory(directory.resolve("two")).build());

    assertThat(made).hasSize(2).doesNotHaveDuplicates();
    assertThat(open(FileStore.builder().capacity(1_000).policy("LRU"))).isNotNull();
  }

  @Test
  void build_missingDirectory_createsIt() throws IOException {
    Path nested = directory.resolve("a/b/c");

    track(FileStore.builder().directory(nested).capacity(1_000).build());

    assertThat(nested).isDirectory();
  }

  @Test
  void build_directoryThatIsAFile_throwsNamingThePath() throws IOException {
    Path file = Files.writeString(directory.resolve("file"), "x");

    assertThatThrownBy(() -> FileStore.builder().directory(file).capacity(1_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("directory " + file + " is not a writable directory: it is a file");
  }

  @Test
  void build_directoryUnderAFile_throwsNamingThePath() throws IOException {
    Path below = Files.writeString(directory.resolve("file"), "x").resolve("cache");

    assertThatThrownBy(() -> FileStore.builder().directory(below).capacity(1_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("directory " + below + " is not a writable directory: cannot"
            + " create it");
  }

  @Test
  void build_directoryWithoutWritePermission_throwsNamingThePath() throws IOException {
    Path readOnly = Files.createDirectory(directory.resolve("read-only"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
    Assumptions.assumeFalse(Files.isWritable(readOnly), "root may write anywhere");

    assertThatThrownBy(() -> FileStore.builder().directory(readOnly).capacity(1_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("directory " + readOnly + " is not a writable directory: no write permission");
  }

  @Test
  void copyMode_asTierZero_isRefusedNamingTheStoreAndTheReason() throws IOException {
    FileStore copy = open(FileStore.builder().capacity(1 << 20).copyMode(true));

    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(copy).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(copy + " cannot be tier 0: copy mode replaces entries by copying, which"
            + " readers can observe half-done; use it only below tier 0")
        .hasMessageContaining("directory=" + directory).hasMessageContaining("mode=copy");
  }

  @Test
  void copyMode_belowTierZero_isAccepted_andReceivesTheEntries() throws IOException {
    FileStore copy = open(FileStore.builder().capacity(1 << 20).copyMode(true));
    byte[] body = bytes(1, 20_000);

    try (DaramjweeCache cache = DaramjweeCache.builder()
        .tiers(MemoryStore.builder().capacity(1 << 20).build(), copy).build()) {
      try (CacheResponse response = cache.get("k",
          previous -> FetchResult.body(new ByteArrayInputStream(body), MD))) {
        assertThat(response.body().readAllBytes()).isEqualTo(body);
      }
      await().until(() -> copy.stat("k") != null);
    }
    assertThat(read(copy, "k")).isEqualTo(body);
  }

  @Test
  void renameMode_mayBeTierZero() throws IOException {
    FileStore store = open(1 << 20);

    assertThat(store.hotTierRefusal()).isNull();
    DaramjweeCache.builder().tiers(store).build().close();
  }

  @Test
  void toString_namesTheDirectoryModeDurabilityAndZeroCopy() throws IOException {
    assertThat(open(1_000)).hasToString("FileStore{directory=" + directory + ", mode=rename,"
        + " fsync=true, capacity=1000, size=0, entries=0, maxEntries=1024,"
        + " policy=LruPolicy{keys=0},"
        + " zeroCopy=on, reverifyAfter=PT1H}");
    assertThat(open(FileStore.builder().capacity(1_000).copyMode(true).fsync(false)).toString())
        .contains("mode=copy, fsync=false").contains("zeroCopy=off");
  }

  @Test
  void reverifyAfter_notPositive_throwsNamingTheValue() {
    assertThatThrownBy(() -> FileStore.builder().reverifyAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reverifyAfter must be positive: PT0S");
    assertThatThrownBy(() -> FileStore.builder().reverifyAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reverifyAfter must be positive: PT-1S");
  }

  @Test
  void close_failsLaterCalls_andOpenWritersCommits_butOpenedEntriesKeepStreaming()
      throws IOException {
    FileStore store = open(1 << 30);
    byte[] body = bytes(1, 1 << 20);
    commit(store, "k", MD, body);
    StoredEntry opened = store.getStream("k");
    StoreWriter writer = store.setWithWriter("w", MD);
    writer.write(body);

    store.close();
    store.close();

    assertThatThrownBy(() -> store.getStream("k")).isInstanceOf(IllegalStateException.class)
        .hasMessage(store + " is closed");
    assertThatThrownBy(() -> store.stat("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.delete("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.setWithWriter("k", MD))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
        .hasMessageContaining("is closed; nothing was published");
    assertThat(tempFiles(directory)).isEmpty();
    try (opened) {
      assertThat(opened.body().readAllBytes()).isEqualTo(body);
    }
  }

  @Test
  void build_onADirectoryAnotherOpenStoreHolds_failsNamingTheDirectory() throws IOException {
    FileStore first = open(1L << 20);
    put(first, "a", 10);
    FileStoreBuilder second = FileStore.builder().directory(directory).capacity(1L << 20);

    assertThatThrownBy(second::build).isInstanceOf(IOException.class)
        .hasMessageContaining("directory " + directory.toAbsolutePath().normalize()
            + " is already used by another FileStore");
    assertThat(read(first, "a")).hasSize(10); // the failed open touched nothing
  }

  @Test
  void build_afterTheHolderClosed_opensTheDirectoryAgain() throws IOException {
    FileStore first = track(FileStore.builder().directory(directory).capacity(1L << 20).build());
    put(first, "a", 10);
    first.close();
    first.close(); // idempotent

    FileStore second = track(FileStore.builder().directory(directory).capacity(1L << 20).build());

    assertThat(read(second, "a")).hasSize(10);
  }
}
