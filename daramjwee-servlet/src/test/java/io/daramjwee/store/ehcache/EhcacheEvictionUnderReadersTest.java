package io.daramjwee.store.ehcache;

import static io.daramjwee.store.ehcache.EhcacheEntries.chunksOf;
import static io.daramjwee.store.ehcache.EhcacheEntries.manifest;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.StoredEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ehcache's own eviction, forced by writes while a reader streams (issue 16, "no hit cut short by
 * eviction"): the pools are a few chunks deep, so the writes evict everything older, and every
 * read must either serve the whole body, byte for byte, or be a miss before its first byte; never
 * a body cut short. Each layout evicts from a different pool: the heap alone, off-heap behind
 * heap, disk behind heap.
 */
class EhcacheEvictionUnderReadersTest extends EhcacheStoreSupport {

  /** Ten chunks and a bit: eleven chunk entries and a manifest. */
  private static final int BODY = 10 * CHUNK + 123;

  enum Pools {
    HEAP(b -> b.heapSize(48L * CHUNK)),
    OFF_HEAP(b -> b.heapSize(16L * CHUNK).offHeapSize(1L << 20).maxPinnedBytes(48L * CHUNK)),
    DISK(b -> b.heapSize(16L * CHUNK).diskSize(1L << 20).maxPinnedBytes(48L * CHUNK));

    final Function<EhcacheStoreBuilder, EhcacheStoreBuilder> sizes;

    Pools(Function<EhcacheStoreBuilder, EhcacheStoreBuilder> sizes) {
      this.sizes = sizes;
    }
  }

  @ParameterizedTest
  @EnumSource(Pools.class)
  void readersOpenWhileWritesEvictTheirChunks_eachServeTheWholeBody(Pools pools)
      throws Exception {
    EhcacheStore store = build(pools, b -> b);
    List<StoredEntry> entries = new ArrayList<>();
    List<ByteArrayOutputStream> served = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      commit(store, "read-" + r, MD, bytes(r, BODY));
      ids.add(manifest(store, "read-" + r).writeId());
      StoredEntry entry = store.getStream("read-" + r);
      assertThat(entry).as("read-%d opens", r).isNotNull();
      entries.add(entry);
      served.add(new ByteArrayOutputStream());
    }

    // A chunk from each reader, then a flood of writes, until every body is served: each flood
    // alone holds several times what the pools hold.
    int written = 0;
    for (int round = 0; round < 11; round++) {
      for (int r = 0; r < 3; r++) {
        served.get(r).write(entries.get(r).body().readNBytes(CHUNK));
      }
      for (int w = 0; w < 40; w++) {
        commit(store, "flood-" + written++, MD, bytes(1000 + written, BODY));
      }
    }

    int left = 0;
    for (int r = 0; r < 3; r++) {
      assertThat(entries.get(r).body().read()).as("read-%d is at its end", r).isEqualTo(-1);
      assertThat(served.get(r).toByteArray()).as("read-%d", r).isEqualTo(bytes(r, BODY));
      left += chunksOf(store, ids.get(r), 11);
      entries.get(r).close();
    }
    // Not every reader's: behind a heap tier, a chunk the heap tier holds is pinned in the lower
    // pool (Ehcache's own fault pinning), and pinning faulted the last reader's chunks into it.
    assertThat(left).as("the readers' chunks still in the cache: the flood evicted some")
        .isLessThan(33);
    assertThat(store.pinnedBytes()).isZero();
    assertThat(store.openVersions()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Pools.class)
  void withoutPins_theSameFlood_cutsTheReaderShort(Pools pools) throws Exception {
    EhcacheStore store = build(pools, b -> b.maxPinnedBytes(0));
    commit(store, "read", MD, bytes(1, BODY));

    try (StoredEntry entry = store.getStream("read")) {
      InputStream body = entry.body();
      body.readNBytes(CHUNK);
      for (int w = 0; w < 40; w++) {
        commit(store, "flood-" + w, MD, bytes(1000 + w, BODY));
      }
      assertThatThrownBy(() -> body.transferTo(OutputStream.nullOutputStream()))
          .as("what the pins prevent").isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("missing (evicted)");
    }
  }

  @Test
  void readerThatWouldPassTheBound_isAMissBeforeItsFirstByte_untilPinsAreGivenBack()
      throws Exception {
    EhcacheStore store = build(Pools.HEAP, b -> b.maxPinnedBytes(BODY + 100));
    commit(store, "a", MD, bytes(1, BODY));
    commit(store, "b", MD, bytes(2, BODY));

    try (StoredEntry first = store.getStream("a")) {
      assertThat(store.getStream("b")).as("no room for a second pin").isNull();
      first.body().readNBytes(6 * CHUNK);
      assertThat(store.getStream("b")).as("served chunks are given back, but not enough yet")
          .isNull();
    }
    assertThat(store.pinnedBytes()).isZero();
    assertThat(read(store, "b")).as("the entry was not discarded").isEqualTo(bytes(2, BODY));
  }

  @Test
  void bodyLargerThanTheWholeBound_streamsUnpinned() throws Exception {
    EhcacheStore store = build(Pools.HEAP, b -> b.maxPinnedBytes(4L * CHUNK));
    commit(store, "large", MD, bytes(1, BODY));

    try (StoredEntry entry = store.getStream("large")) {
      assertThat(store.pinnedBytes()).isZero();
      assertThat(entry.body().readAllBytes()).isEqualTo(bytes(1, BODY));
    }
  }

  /**
   * Readers and writers on threads, with nothing ordering them: an open may find a chunk already
   * evicted (a miss), but a body once opened is served whole.
   */
  @ParameterizedTest
  @EnumSource(Pools.class)
  @Timeout(60)
  void concurrentReadersAndWriters_neverServeAShortOrWrongBody(Pools pools) throws Exception {
    EhcacheStore store = build(pools, b -> b);
    int keys = 6;
    for (int k = 0; k < keys; k++) {
      commit(store, "k" + k, MD, bytes(k, BODY));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      Future<?> writer = threads.submit(() -> {
        for (int i = 0; !stop.get(); i++) {
          int k = i % keys;
          commit(store, "k" + k, MD, bytes(k, BODY)); // same bytes, new version
          commit(store, "flood-" + (i % 50), MD, bytes(1000 + i, BODY));
        }
        return null;
      });
      List<Future<?>> readers = new ArrayList<>();
      // At least 300 reads each, and on until some bodies were served whole (or 30 s): on a busy
      // machine the flood can evict every entry before a reader opens it, which proves nothing.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      for (int t = 0; t < 3; t++) {
        int seed = t;
        readers.add(threads.submit(() -> {
          for (int i = 0; i < 300 || served.get() < 20 && System.nanoTime() < deadline; i++) {
            int k = (i + seed) % keys;
            try (StoredEntry entry = store.getStream("k" + k)) {
              if (entry != null) {
                assertThat(readSlowly(entry.body())).as("k%d", k).isEqualTo(bytes(k, BODY));
                served.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> reader : readers) {
        reader.get();
      }
      stop.set(true);
      writer.get();
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }
    assertThat(served.get()).as("bodies served whole").isPositive();
    assertThat(store.pinnedBytes()).isZero();
    assertThat(store.openVersions()).isZero();
  }

  private EhcacheStore build(Pools pools,
      Function<EhcacheStoreBuilder, EhcacheStoreBuilder> more) {
    EhcacheStoreBuilder builder = EhcacheStore.builder().chunkSize(CHUNK).inlineThreshold(1024);
    builder = pools.sizes.apply(builder);
    if (pools == Pools.DISK) {
      builder.directory(directory).persistent(false);
    }
    return track(more.apply(builder).build());
  }

  /** Reads in small steps, yielding between them, so writers run while the body streams. */
  private static byte[] readSlowly(InputStream body) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] step = new byte[CHUNK / 2];
    for (int n; (n = body.read(step)) != -1; ) {
      all.write(step, 0, n);
      Thread.yield();
    }
    return all.toByteArray();
  }
}
