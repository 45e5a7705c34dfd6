package io.daramjwee.store.file;

import static io.daramjwee.store.file.EntryFiles.entryBytes;
import static io.daramjwee.store.file.EntryFiles.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.policy.EvictionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The entry bound ({@link FileStoreBuilder#maxEntries}), which keeps the in-heap index bounded
 * when entries are small: what a commit evicts, its default, and a restart under a lower bound.
 */
class FileStoreEntryBoundTest extends FileStoreSupport {

  private static final long ROOMY = 1L << 30;

  @Test
  void commit_overTheMostEntries_evictsTheLeastRecentlyUsed_andDeletesItsFile()
      throws IOException {
    FileStore store = open(FileStore.builder().capacity(ROOMY).maxEntries(3));
    put(store, "a", 10);
    put(store, "b", 10);
    put(store, "c", 10);
    store.getStream("a").close();

    put(store, "d", 10);

    assertThat(keysPresent(store, "a", "b", "c", "d")).containsExactly("a", "c", "d");
    assertThat(filesUnder(directory)).containsExactlyInAnyOrder(
        store.pathOf("a"), store.pathOf("c"), store.pathOf("d"));
    assertThat(store.entryCount()).isEqualTo(3);
    assertThat(store.size()).isEqualTo(entryBytes(directory));
  }

  @Test
  void replacingAKey_atTheBound_evictsNothing() throws IOException {
    FileStore store = open(FileStore.builder().capacity(ROOMY).maxEntries(2));
    put(store, "a", 10);
    put(store, "b", 10);

    put(store, "a", 20);
    assertThat(keysPresent(store, "a", "b")).containsExactly("a", "b");
    put(store, "b", 30);

    assertThat(keysPresent(store, "a", "b")).containsExactly("a", "b");
    assertThat(read(store, "a")).hasSize(20);
    assertThat(read(store, "b")).hasSize(30);
    assertThat(store.entryCount()).isEqualTo(2);
  }

  @Test
  void byDefault_holdsOneEntryPer4KiBOfCapacity_andNeverFewerThanTheFloor() throws IOException {
    assertThat(FileStoreBuilder.defaultMaxEntries(10L << 30)).isEqualTo(2_621_440);
    assertThat(FileStoreBuilder.defaultMaxEntries(100)).isEqualTo(1024);
    assertThat(FileStoreBuilder.defaultMaxEntries(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    long capacity = 1025 * 4096L + 4095; // 1,025 entries by default; room for far more bytes
    FileStore store = open(FileStore.builder().capacity(capacity).fsync(false));
    for (int i = 0; i < 1_030; i++) {
      put(store, "k" + i, 10);
    }

    assertThat(store.entryCount()).isEqualTo(1_025);
    assertThat(keysPresent(store, "k4", "k5", "k1029")).containsExactly("k5", "k1029");
    assertThat(store.size()).isLessThan(capacity / 10);
  }

  @Test
  void restart_underALowerBound_evictsDownToIt_leastRecentlyModifiedFirst() throws IOException {
    FileStore first = open(FileStore.builder().capacity(ROOMY).maxEntries(10));
    for (int i = 0; i < 5; i++) {
      put(first, "k" + i, 10);
    }
    first.close();
    Instant now = Instant.now();
    for (int i = 0; i < 5; i++) {
      Files.setLastModifiedTime(first.pathOf("k" + i), FileTime.from(now.minusSeconds(60 - i)));
    }

    FileStore second = open(FileStore.builder().capacity(ROOMY).maxEntries(2));

    assertThat(keysPresent(second, "k0", "k1", "k2", "k3", "k4")).containsExactly("k3", "k4");
    assertThat(filesUnder(directory)).hasSize(2);
    assertThat(second.size()).isEqualTo(entryBytes(directory));
  }

  @Test
  void aPolicyWithoutVictims_stillHonoursTheBound() throws IOException {
    EvictionPolicy forgetful = new EvictionPolicy() {
      public void touch(String key) {}
      public void add(String key, long size) {}
      public void remove(String key) {}
      public String evict() {
        return null;
      }
    };
    FileStore store = open(FileStore.builder().capacity(ROOMY).maxEntries(4)
        .policy(() -> forgetful));
    for (int i = 0; i < 10; i++) {
      put(store, "k" + i, 10);
    }

    assertThat(store.entryCount()).isEqualTo(4);
    assertThat(filesUnder(directory)).hasSize(4);
    assertThat(read(store, "k9")).hasSize(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lru", "s3-fifo", "sieve"})
  void manyRandomCommitsAndDeletes_neverHoldMoreThanEitherBound(String policy)
      throws IOException {
    long capacity = 40_000;
    FileStore store = open(FileStore.builder().capacity(capacity).maxEntries(25).policy(policy));
    Random random = new Random(policy.hashCode());
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String key = "k" + random.nextInt(200);
      if (random.nextInt(10) == 0) {
        store.delete(key);
      } else {
        put(store, key, random.nextInt(3_000));
        written.add(key);
      }
      assertThat(store.entryCount()).isLessThanOrEqualTo(25);
      assertThat(store.size()).isLessThanOrEqualTo(capacity);
    }
    assertThat(filesUnder(directory)).hasSize(store.entryCount());
    assertThat(store.size()).isEqualTo(entryBytes(directory));
    assertThat(written).hasSizeGreaterThan(25);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Integer.MAX_VALUE + 1L})
  void maxEntries_outsideOneToIntMax_isRefused_namingTheSetting(long entries) {
    assertThatThrownBy(() -> FileStore.builder().maxEntries(entries))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("maxEntries")
        .hasMessageContaining(Long.toString(entries));
  }
}
