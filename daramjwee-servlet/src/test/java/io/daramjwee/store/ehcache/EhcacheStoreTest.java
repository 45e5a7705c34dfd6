package io.daramjwee.store.ehcache;

import static io.daramjwee.store.ehcache.EhcacheEntries.chunkEntries;
import static io.daramjwee.store.ehcache.EhcacheEntries.chunksOf;
import static io.daramjwee.store.ehcache.EhcacheEntries.manifest;
import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.chunked.ChunkManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link EhcacheStore} beyond the contract: restarts, evicted chunks, readers and writers. */
class EhcacheStoreTest extends EhcacheStoreSupport {

  private static final Metadata OLD = Metadata.ofTag("old");
  private static final Metadata NEW = Metadata.ofTag("new");
  /** Ten chunks and a bit. */
  private static final byte[] LARGE = bytes(1, 10 * CHUNK + 123);

  @Test
  void restart_keepsEveryCommittedEntry_withItsMetadataAndBytes() throws IOException {
    EhcacheStore store = open();
    byte[] small = bytes(2, 300);
    commit(store, "small", MD, small);
    commit(store, "large", OLD, LARGE);
    commit(store, "empty", NEW, new byte[0]);
    store.close();

    EhcacheStore restarted = open();

    assertHolds(restarted, "small", MD, small);
    assertHolds(restarted, "large", OLD, LARGE);
    assertHolds(restarted, "empty", NEW, new byte[0]);
    assertThat(chunkEntries(restarted)).isEqualTo(11);
  }

  @Test
  void writerOpenAtClose_leavesChunksThatTheNextStartSweeps_andTheOldValueStays()
      throws Exception {
    EhcacheStore store = open();
    commit(store, "k", OLD, LARGE);
    StoreWriter crashed = store.setWithWriter("k", NEW);
    crashed.write(bytes(3, 5 * CHUNK + 1));
    store.setWithWriter("fresh", NEW).write(bytes(4, 3 * CHUNK + 1));
    assertThat(chunkEntries(store)).isEqualTo(11 + 5 + 3);
    store.close();

    EhcacheStore restarted = open();

    assertThat(chunkEntries(restarted)).as("only the committed value's chunks").isEqualTo(11);
    assertHolds(restarted, "k", OLD, LARGE);
    assertAbsent(restarted, "fresh");
  }

  @Test
  void missingFirstChunk_readsAsNotFound_andTheEntryAndItsChunksAreRemoved() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);

    EhcacheEntries.removeChunk(store, "k", 0);

    assertThat(store.getStream("k")).isNull();
    assertThat(store.cache().containsKey(Keys.manifest("k"))).as("manifest").isFalse();
    assertThat(chunkEntries(store)).isZero();
  }

  @Test
  void chunkEvictedBeforeTheRead_isAMiss_andTheEntryIsRemoved() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);
    EhcacheEntries.removeChunk(store, "k", 4);

    assertThat(store.getStream("k")).as("a clean miss, before any byte is served").isNull();
    assertAbsent(store, "k");
    assertThat(chunkEntries(store)).as("the entry's other chunks are removed").isZero();
  }

  @Test
  void chunkEvictedDuringTheRead_isServedFromTheReadersPin_andTheWholeBodyArrives()
      throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);

    try (StoredEntry entry = store.getStream("k")) {
      EhcacheEntries.removeChunk(store, "k", 4);
      EhcacheEntries.removeChunk(store, "k", 10);
      assertThat(entry.body().readAllBytes()).isEqualTo(LARGE);
      assertThat(store.pinnedBytes()).as("every pin given back as served").isZero();
    }
  }

  /**
   * The behaviour before pins, kept by {@code maxPinnedBytes(0)} (and by any body larger than the
   * bound): a chunk evicted mid-stream fails the read that needs it.
   */
  @Test
  void unpinned_chunkEvictedDuringTheRead_failsTheReadThatNeedsIt_afterServingOnlyVerifiedBytes()
      throws Exception {
    EhcacheStore store = track(EhcacheStore.builder().heapSize(1L << 20).chunkSize(CHUNK)
        .inlineThreshold(1024).maxPinnedBytes(0).build());
    commit(store, "k", MD, LARGE);

    try (StoredEntry entry = store.getStream("k")) {
      EhcacheEntries.removeChunk(store, "k", 4);
      ByteArrayOutputStream served = new ByteArrayOutputStream();
      assertThatThrownBy(() -> entry.body().transferTo(served))
          .isInstanceOf(CorruptEntryException.class).hasMessageContaining("chunk 4 of 11");
      assertThat(served.toByteArray()).isEqualTo(Arrays.copyOf(LARGE, 4 * CHUNK));
      assertThatThrownBy(() -> entry.body().read()).as("every later read fails too")
          .isInstanceOf(CorruptEntryException.class);
      assertThat(chunkEntries(store)).as("chunks kept while the reader is open").isEqualTo(10);
    }

    assertAbsent(store, "k");
    assertThat(chunkEntries(store)).as("chunks left once the reader closed").isZero();
  }

  @Test
  void damagedLaterChunk_failsBeforeAnyOfItsBytesAreServed() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);
    EhcacheEntries.flipChunkByte(store, "k", 7);

    try (StoredEntry entry = store.getStream("k")) {
      ByteArrayOutputStream served = new ByteArrayOutputStream();
      assertThatThrownBy(() -> entry.body().transferTo(served))
          .isInstanceOf(CorruptEntryException.class).hasMessageContaining("checksum");
      assertThat(served.size()).isEqualTo(7 * CHUNK);
    }
    assertAbsent(store, "k");
  }

  @Test
  void bodyChecksumMismatch_withEveryChunkIntact_failsBeforeTheLastChunkIsServed()
      throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);
    ChunkManifest m = manifest(store, "k");
    store.cache().put(Keys.manifest("k"), ChunkManifest.chunked(utf8("k"), MD.encode(), m.writeId(),
        m.bodyLength(), m.chunkSize(), m.chunkCount(), m.bodyCrc() ^ 1));

    try (StoredEntry entry = store.getStream("k")) {
      InputStream body = entry.body();
      byte[] head = body.readNBytes(10 * CHUNK);
      assertThat(head).isEqualTo(Arrays.copyOf(LARGE, 10 * CHUNK));
      assertThatThrownBy(body::read).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("body checksum");
    }
    assertAbsent(store, "k");
  }

  @Test
  void damagedManifest_readsAsNotFound_forStatAsForGetStream() throws Exception {
    EhcacheStore store = open();
    commit(store, "a", MD, LARGE);
    commit(store, "b", MD, bytes(5, 100));
    for (String key : new String[] {"a", "b"}) {
      byte[] damaged = manifest(store, key).raw().clone();
      damaged[20] ^= 1;
      store.cache().put(Keys.manifest(key), damaged);
    }

    assertThat(store.stat("a")).isNull();
    assertThat(store.getStream("b")).isNull();
    assertThat(store.cache().containsKey(Keys.manifest("a"))).isFalse();
    assertThat(store.cache().containsKey(Keys.manifest("b"))).isFalse();
  }

  @Test
  void manifestUnderAnotherKeysName_readsAsNotFound() throws Exception {
    EhcacheStore store = open();
    commit(store, "a", MD, bytes(6, 100));
    store.cache().put(Keys.manifest("b"), manifest(store, "a").raw());

    assertAbsent(store, "b");
    assertHolds(store, "a", MD, bytes(6, 100));
  }

  @Test
  void reader_keepsItsChunksAcrossReplaceAndDelete_andTheLastCloseRemovesThem()
      throws Exception {
    EhcacheStore store = open();
    commit(store, "k", OLD, LARGE);
    String oldId = manifest(store, "k").writeId();
    StoredEntry first = store.getStream("k");
    StoredEntry second = store.getStream("k");
    byte[] head = first.body().readNBytes(CHUNK + 1);

    commit(store, "k", NEW, bytes(7, 3 * CHUNK));
    store.delete("k");

    assertThat(chunksOf(store, oldId, 11)).as("old chunks while read").isEqualTo(11);
    assertThat(concat(head, first.body())).isEqualTo(LARGE);
    first.close();
    assertThat(chunksOf(store, oldId, 11)).as("old chunks, one reader left").isEqualTo(11);
    assertThat(second.body().readAllBytes()).isEqualTo(LARGE);
    second.close();
    assertThat(chunkEntries(store)).as("every chunk, once both readers closed").isZero();
    assertThat(store.openVersions()).isZero();
  }

  @Test
  void replaceAndDelete_withoutReaders_removeTheOldChunksAtOnce() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", OLD, LARGE);

    commit(store, "k", NEW, bytes(8, 3 * CHUNK));
    assertThat(chunkEntries(store)).isEqualTo(3);
    store.delete("k");
    assertThat(chunkEntries(store)).isZero();
  }

  @Test
  void abortCloseAndFailedCommit_leaveNoChunkBehind() throws Exception {
    EhcacheStore store = open();
    StoreWriter aborted = store.setWithWriter("a", MD);
    aborted.write(LARGE);
    aborted.abort();
    StoreWriter closed = store.setWithWriter("b", MD);
    closed.write(LARGE);
    closed.close();
    assertThat(chunkEntries(store)).isZero();

    StoreWriter abortedElsewhere = store.setWithWriter("c", MD);
    abortedElsewhere.write(LARGE);
    CompletableFuture.runAsync(abortedElsewhere::abort).join();
    assertThatThrownBy(() -> abortedElsewhere.write(LARGE)).isInstanceOf(IOException.class);
    assertThat(chunkEntries(store)).isZero();
    assertAbsent(store, "a");
    assertAbsent(store, "b");
    assertAbsent(store, "c");
  }

  @Test
  void commitAfterClose_fails_andEveryCallThrowsIllegalStateException() throws Exception {
    EhcacheStore store = open();
    StoreWriter writer = store.setWithWriter("k", MD);
    writer.write(bytes(9, 100));

    store.close();
    store.close();

    assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.getStream("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.stat("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.delete("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.setWithWriter("k", MD))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bodyOfExactlyTheInlineThreshold_isInline_andOneByteMoreIsChunked() throws Exception {
    EhcacheStore store = open();
    commit(store, "inline", MD, bytes(10, 1024));
    commit(store, "chunked", MD, bytes(11, 1025));

    assertThat(manifest(store, "inline").isInline()).isTrue();
    assertThat(manifest(store, "chunked").chunkCount()).isEqualTo(1);
    assertHolds(store, "inline", MD, bytes(10, 1024));
    assertHolds(store, "chunked", MD, bytes(11, 1025));
  }

  @Test
  void bodyOfWholeChunks_hasNoEmptyTrailingChunk() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, bytes(12, 3 * CHUNK));

    assertThat(manifest(store, "k").chunkCount()).isEqualTo(3);
    assertThat(chunkEntries(store)).isEqualTo(3);
    assertHolds(store, "k", MD, bytes(12, 3 * CHUNK));
  }

  private static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] head, InputStream rest) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head);
    rest.transferTo(all);
    return all.toByteArray();
  }
}
