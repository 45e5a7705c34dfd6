package io.daramjwee.store.file;

import static io.daramjwee.store.file.EntryFiles.entryBytes;
import static io.daramjwee.store.file.EntryFiles.filesUnder;
import static io.daramjwee.store.file.EntryFiles.tempFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.daramjwee.StoreWriter;
import io.daramjwee.policy.EvictionPolicies;
import io.daramjwee.policy.EvictionPolicy;
import io.daramjwee.policy.LruPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The byte bound: which entries a commit evicts, before and after a restart. */
class FileStoreCapacityTest extends FileStoreSupport {

  /** One entry of a one-letter key and a 1,000-byte body. */
  private static final long W = fileLength("a", 1_000);

  @Test
  void commit_overCapacity_evictsTheLeastRecentlyUsed_andDeletesItsFile() throws IOException {
    FileStore store = open(3 * W);
    put(store, "a", 1_000);
    put(store, "b", 1_000);
    put(store, "c", 1_000);
    store.getStream("a").close();
    assertThat(store.stat("b")).isNotNull();

    put(store, "d", 1_000);
    put(store, "e", 1_000);

    assertThat(keysPresent(store, "a", "b", "c", "d", "e")).containsExactly("b", "d", "e");
    assertThat(filesUnder(directory)).containsExactlyInAnyOrder(
        store.pathOf("b"), store.pathOf("d"), store.pathOf("e"));
    assertThat(store.size()).isEqualTo(3 * W).isEqualTo(entryBytes(directory));
  }

  @Test
  void commit_ofAKeyThatAloneNearlyFillsTheCapacity_evictsEveryOtherKeyButNotItself()
      throws IOException {
    FileStore store = open(100_000);
    for (int i = 0; i < 5; i++) {
      put(store, "small" + i, 100);
    }
    put(store, "big", 100);

    put(store, "big", 100_000 - (int) fileLength("big", 0) - 1);

    assertThat(store.entryCount()).isEqualTo(1);
    assertThat(store.size()).isEqualTo(99_999);
    assertThat(filesUnder(directory)).containsExactly(store.pathOf("big"));
  }

  @Test
  void commit_neverEvictsTheKeyBeingWritten_evenWhenThePolicyOffersIt() throws IOException {
    OfferingPolicy policy = new OfferingPolicy();
    FileStore store = open(FileStore.builder().capacity(3 * W).policy(() -> policy));
    put(store, "a", 1_000);
    put(store, "b", 1_000);
    put(store, "c", 1_000);

    policy.offer.add(hash("c"));
    put(store, "c", 1_100);

    assertThat(keysPresent(store, "a", "b", "c")).containsExactly("b", "c");
    assertThat(read(store, "c")).hasSize(1_100);
  }

  @Test
  void commit_skipsVictimsTheStoreNoLongerHolds() throws IOException {
    OfferingPolicy policy = new OfferingPolicy();
    FileStore store = open(FileStore.builder().capacity(2 * W).policy(() -> policy));
    put(store, "a", 1_000);
    put(store, "b", 1_000);

    policy.offer.add("never-stored");
    put(store, "c", 1_000);

    assertThat(keysPresent(store, "a", "b", "c")).containsExactly("b", "c");
  }

  @Test
  void commit_withAPolicyOfferingOneAbsentVictimForever_stopsAsking_andHonoursTheCapacity() {
    EvictionPolicy stuck = new EvictionPolicy() {
      public void touch(String key) {}
      public void add(String key, long size) {}
      public void remove(String key) {}
      public String evict() {
        return "ghost";
      }
    };

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      FileStore store = open(FileStore.builder().capacity(3 * W).policy(() -> stuck));
      for (int i = 0; i < 10; i++) {
        put(store, "k" + i, 1_000);
      }
      assertThat(store.size()).isLessThanOrEqualTo(3 * W).isEqualTo(entryBytes(directory));
      assertThat(read(store, "k9")).hasSize(1_000);
    });
  }

  @Test
  void commit_ofAnEntryLargerThanCapacity_failsNamingTheSizes_andKeepsThePreviousValue()
      throws IOException {
    FileStore store = open(10_000);
    put(store, "k", 100);
    put(store, "other", 100);

    StoreWriter writer = store.setWithWriter("k", MD);
    writer.write(new byte[10_000]);

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
        .hasMessage("entry of " + fileLength("k", 10_000) + " bytes exceeds capacity 10000");
    assertThat(read(store, "k")).hasSize(100);
    assertThat(store.entryCount()).isEqualTo(2);
    assertThat(tempFiles(directory)).isEmpty();
  }

  @Test
  void write_pastTheCapacity_deletesTheTempFileBeforeTheCommit() throws IOException {
    FileStore store = open(100_000);

    try (StoreWriter writer = store.setWithWriter("k", MD)) {
      writer.write(new byte[50_000]);
      assertThat(tempFiles(directory)).hasSize(1);
      writer.write(new byte[60_000]);

      assertThat(tempFiles(directory)).as("after the write that crossed the capacity").isEmpty();
      assertThatThrownBy(writer::commit).hasMessageContaining("exceeds capacity 100000");
    }
  }

  static Stream<String> policyNames() {
    return EvictionPolicies.NAMES.stream();
  }

  @ParameterizedTest
  @MethodSource("policyNames")
  void manyRandomCommitsHitsAndDeletes_neverExceedCapacity_andTheDiskMatchesTheIndex(
      String policy) throws IOException {
    FileStore store = open(FileStore.builder().capacity(50_000).policy(policy));
    Random random = new Random(7);
    for (int i = 0; i < 1_000; i++) {
      String key = "k" + random.nextInt(50);
      int action = random.nextInt(5);
      if (action == 0) {
        store.delete(key);
      } else if (action == 1) {
        store.stat(key); // a hit, so the policies have something to weigh
      } else {
        put(store, key, random.nextInt(8_000));
        assertThat(store.stat(key)).as("%s keeps the entry just written", policy).isNotNull();
      }
      assertThat(store.size()).isBetween(0L, 50_000L);
    }

    assertThat(entryBytes(directory)).isEqualTo(store.size());
    assertThat(filesUnder(directory)).hasSize(store.entryCount());
  }

  @Test
  void restart_policyLearnsEveryEntry_leastRecentlyModifiedFirst() throws IOException {
    FileStore first = open(1L << 20);
    for (String key : List.of("a", "b", "c")) {
      put(first, key, 1_000);
    }
    first.close();
    Instant now = Instant.now();
    Files.setLastModifiedTime(first.pathOf("a"), FileTime.from(now.minusSeconds(10)));
    Files.setLastModifiedTime(first.pathOf("b"), FileTime.from(now.minusSeconds(30)));
    Files.setLastModifiedTime(first.pathOf("c"), FileTime.from(now.minusSeconds(20)));
    OfferingPolicy policy = new OfferingPolicy();

    open(FileStore.builder().capacity(1L << 20).policy(() -> policy));

    assertThat(policy.added).containsExactly(hash("b"), hash("c"), hash("a"));
  }

  @Test
  void restart_thenCommitOverCapacity_evictsTheLeastRecentlyModified() throws IOException {
    FileStore first = open(3 * W);
    for (String key : List.of("a", "b", "c")) {
      put(first, key, 1_000);
    }
    first.close();
    Instant now = Instant.now();
    Files.setLastModifiedTime(first.pathOf("a"), FileTime.from(now.minusSeconds(10)));
    Files.setLastModifiedTime(first.pathOf("b"), FileTime.from(now.minusSeconds(30)));
    Files.setLastModifiedTime(first.pathOf("c"), FileTime.from(now.minusSeconds(20)));
    FileStore second = open(3 * W);

    put(second, "d", 1_000);

    assertThat(keysPresent(second, "a", "b", "c", "d")).containsExactly("a", "c", "d");
    assertThat(first.pathOf("b")).doesNotExist();
  }

  @Test
  void restart_withASmallerCapacity_evictsDownToIt() throws IOException {
    FileStore first = open(10 * W);
    for (int i = 0; i < 10; i++) {
      put(first, "" + i, 1_000);
    }
    first.close();

    FileStore second = open(4 * W);

    assertThat(second.entryCount()).isEqualTo(4);
    assertThat(second.size()).isEqualTo(4 * W).isEqualTo(entryBytes(directory));
  }

  @Test
  void hit_doesNotWaitForACommitHoldingTheIndexLock() throws Exception {
    CountDownLatch insideAdd = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String slow = hash("slow");
    OfferingPolicy policy = new OfferingPolicy() {
      @Override
      public void add(String key, long size) {
        super.add(key, size);
        if (key.equals(slow)) {
          insideAdd.countDown();
          awaitUninterruptibly(release);
        }
      }
    };
    FileStore store = open(FileStore.builder().capacity(1L << 20).policy(() -> policy));
    put(store, "a", 10);
    CompletableFuture<Void> slowCommit = CompletableFuture.runAsync(() -> {
      try {
        put(store, "slow", 10);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    assertThat(insideAdd.await(10, TimeUnit.SECONDS)).isTrue();

    try {
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        store.getStream("a").close();
        store.stat("a");
      }, "a hit waited for the commit holding the index lock");
    } finally {
      release.countDown();
    }

    slowCommit.get(10, TimeUnit.SECONDS);
    assertThat(store.stat("slow")).isEqualTo(MD);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An LRU that records what it is told, and first offers the victims queued in {@link #offer}. */
  private static class OfferingPolicy implements EvictionPolicy {
    final List<String> offer = new ArrayList<>();
    final List<String> added = new ArrayList<>();
    private final LruPolicy lru = new LruPolicy();

    @Override
    public void touch(String key) {
      lru.touch(key);
    }

    @Override
    public void add(String key, long size) {
      added.add(key);
      lru.add(key, size);
    }

    @Override
    public void remove(String key) {
      lru.remove(key);
    }

    @Override
    public String evict() {
      return offer.isEmpty() ? lru.evict() : offer.remove(0);
    }
  }
}
