package io.daramjwee.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryStore}'s capacity and accounting: what an entry is charged, what a commit evicts or
 * refuses, how size and entry count follow writes and deletes, and that a hit never waits for a
 * commit.
 */
class MemoryStoreTest extends MemoryStoreSupport {

  @Test
  void build_withoutCapacity_throwsNamingTheSetting() {
    assertThatThrownBy(() -> MemoryStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
  }

  @Test
  void capacity_notPositive_throwsNamingTheValue() {
    assertThatThrownBy(() -> MemoryStore.builder().capacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be positive: 0");
    assertThatThrownBy(() -> MemoryStore.builder().capacity(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be positive: -5");
  }

  @Test
  void commit_overCapacity_evictsTheLeastRecentlyUsed_andAHitMakesAKeySurvive() throws Exception {
    MemoryStore store = store(3 * weight(1_000));
    put(store, "a", 1_000);
    put(store, "b", 1_000);
    put(store, "c", 1_000);
    store.getStream("a").close();
    assertThat(store.stat("b")).isNotNull();

    put(store, "d", 1_000);
    put(store, "e", 1_000);

    assertThat(keysPresent(store, "a", "b", "c", "d", "e")).containsExactly("b", "d", "e");
    assertThat(store.size()).isEqualTo(3 * weight(1_000));
  }

  @Test
  void commit_ofAKeyThatAloneNearlyFillsTheCapacity_evictsEveryOtherKeyButNotItself()
      throws Exception {
    MemoryStore store = store(10_000);
    for (int i = 0; i < 5; i++) {
      put(store, "small" + i, 100);
    }

    put(store, "big", (int) (9_999 - weight(1) + 1)); // a one-block body weighs weight(1) - 1 more

    assertThat(store.entryCount()).isEqualTo(1);
    assertThat(store.stat("big")).isEqualTo(MD);
    assertThat(store.size()).isEqualTo(9_999);
  }

  @Test
  void smallEntries_areChargedTheHeapAroundTheirBytes_soTheCapacityBoundsTheHeap()
      throws Exception {
    MemoryStore store = store(100_000);
    for (int i = 0; i < 1_000; i++) {
      put(store, "k" + i, 10);
    }

    // Charged only their bytes (10 + the encoded metadata), all 1,000 would fit. The objects
    // around them (key, metadata, entry, nodes) take far more of the heap than that.
    long bytesAlone = 10 + MD.encode().length;
    assertThat(store.entryCount()).isLessThan((int) (100_000 / (bytesAlone + HeapWeight.ENTRY)));
    assertThat(store.size()).isLessThanOrEqualTo(100_000)
        .isEqualTo(store.entryCount() * weight(10));
  }

  @Test
  void commit_replacingAKeyThatNearlyFillsTheCapacity_succeeds() throws Exception {
    MemoryStore store = store(10_000);
    put(store, "big", 9_000);

    put(store, "big", 9_500);

    assertThat(readLength(store, "big")).isEqualTo(9_500);
    assertThat(store.size()).isEqualTo(weight(9_500));
  }

  @Test
  void commit_ofAnEntryLargerThanCapacity_failsAndKeepsThePreviousValueAndOtherKeys()
      throws Exception {
    MemoryStore store = store(10_000);
    put(store, "k", 100);
    put(store, "other", 100);

    StoreWriter writer = store.setWithWriter("k", MD);
    writer.write(new byte[10_000]);

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
        .hasMessage("entry of " + weight(10_000) + " bytes exceeds capacity 10000");
    assertThat(readLength(store, "k")).isEqualTo(100);
    assertThat(store.entryCount()).isEqualTo(2);
    assertThat(store.size()).isEqualTo(2 * weight(100));
  }

  @Test
  void commit_ofKeyAndMetadataAloneHeavierThanCapacity_fails() {
    MemoryStore store = store(weight(0) - 1);

    assertThatThrownBy(() -> store.setWithWriter("k", MD).commit())
        .isInstanceOf(IOException.class).hasMessageContaining("exceeds capacity");
    assertThat(store.entryCount()).isZero();
  }

  @Test
  void write_pastCapacity_dropsTheBufferedBody() throws Exception {
    MemoryStore store = store(100_000);
    MemoryWriter writer = (MemoryWriter) store.setWithWriter("k", MD);

    for (int i = 0; i < 99; i++) {
      writer.write(new byte[1_000]);
      assertThat(writer.buffered()).isBetween(1_000L * (i + 1), 100_000L);
    }
    writer.write(new byte[1_000]);

    assertThat(writer.buffered()).isZero();
    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class);
  }

  @Test
  void amendedMetadata_isWhatTheEntryIsWeighedWith() throws Exception {
    MemoryStore store = store(1 << 20);
    Metadata longer = MD.toBuilder().attribute("digest", "d".repeat(500)).build();
    put(store, "other", 100);

    try (StoreWriter writer = store.setWithWriter("k", MD)) {
      writer.write(new byte[1_000]);
      assertThat(writer.amendMetadata(longer)).isTrue();
      writer.commit();
    }
    assertAccounting(store, weight(100) + HeapWeight.of("k", longer, 1_000, 1), 2);

    store.delete("k");
    assertAccounting(store, weight(100), 1);
  }

  @Test
  void amendThatMakesTheEntryHeavierThanCapacity_failsTheCommit_andKeepsThePreviousValue()
      throws Exception {
    MemoryStore store = store(10_000);
    put(store, "k", 100);
    Metadata longer = MD.toBuilder().attribute("digest", "d".repeat(500)).build();

    int body = (int) (10_000 - weight(0) - 64); // fits with MD, not with the longer metadata
    StoreWriter writer = store.setWithWriter("k", MD);
    writer.write(new byte[body]);
    assertThat(writer.amendMetadata(longer)).isTrue();

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
        .hasMessage("entry of " + HeapWeight.of("k", longer, body, 1)
            + " bytes exceeds capacity 10000");
    assertThat(store.stat("k")).isEqualTo(MD);
    assertAccounting(store, weight(100), 1);
  }

  @Test
  void sizeAndEntryCount_followCommitReplaceAbortAndDelete() throws Exception {
    MemoryStore store = store(1 << 20);
    put(store, "a", 100);
    put(store, "b", 200);
    assertAccounting(store, weight(100) + weight(200), 2);

    put(store, "a", 50);
    assertAccounting(store, weight(50) + weight(200), 2);

    store.setWithWriter("c", MD).abort();
    store.delete("a");
    store.delete("a");
    assertAccounting(store, weight(200), 1);

    store.delete("b");
    assertAccounting(store, 0, 0);
  }

  @Test
  void manyRandomCommits_neverExceedCapacity_andDeletingEveryKeyReturnsToZero() throws Exception {
    MemoryStore store = store(50_000);
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      put(store, "k" + random.nextInt(50), random.nextInt(8_000));
      assertThat(store.size()).isBetween(0L, 50_000L);
    }

    for (int k = 0; k < 50; k++) {
      store.delete("k" + k);
    }

    assertAccounting(store, 0, 0);
  }

  @Test
  void hit_doesNotWaitForACommitHoldingTheLock() throws Exception {
    CountDownLatch insideAdd = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingPolicy policy = new RecordingPolicy() {
      @Override
      public void add(String key, long size) {
        super.add(key, size);
        if (key.equals("slow")) {
          insideAdd.countDown();
          awaitUninterruptibly(release);
        }
      }
    };
    MemoryStore store = MemoryStore.builder().capacity(1 << 20).policy(() -> policy).build();
    put(store, "a", 10);
    CompletableFuture<Void> slowCommit = CompletableFuture.runAsync(() -> put(store, "slow", 10));
    assertThat(insideAdd.await(10, TimeUnit.SECONDS)).isTrue();

    try {
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        store.getStream("a").close();
        store.stat("a");
      }, "a hit waited for the commit holding the lock");
    } finally {
      release.countDown();
    }

    slowCommit.get(10, TimeUnit.SECONDS);
    assertThat(store.stat("slow")).isEqualTo(MD);
  }

  private static MemoryStore store(long capacity) {
    return MemoryStore.builder().capacity(capacity).build();
  }

  private static int readLength(MemoryStore store, String key) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      return entry.body().readAllBytes().length;
    }
  }

  private static void assertAccounting(MemoryStore store, long size, int entries) {
    assertThat(store.size()).as("size").isEqualTo(size);
    assertThat(store.entryCount()).as("entryCount").isEqualTo(entries);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
