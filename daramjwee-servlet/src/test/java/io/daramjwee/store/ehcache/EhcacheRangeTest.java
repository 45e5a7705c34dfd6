package io.daramjwee.store.ehcache;

import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.RangeReadable;
import io.daramjwee.StoredEntry;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A part of an {@link EhcacheStore} entry ({@link RangeReadable}): the reader lets go of the pins
 * of every chunk outside the part as soon as the part is opened, and serves the part's bytes from
 * the chunks inside it, over a real Ehcache with a heap and a disk pool.
 */
class EhcacheRangeTest extends EhcacheStoreSupport {

  /** Forty chunks and a bit: 320 KiB, within the default pin bound (the 1 MiB heap pool). */
  private static final byte[] LARGE = bytes(7, 40 * CHUNK + 321);
  private static final long STORED_CHUNK = CHUNK + 4; // with its checksum

  @Test
  void aPart_releasesThePinsOutsideIt_atOnce_andServesItsBytes() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);
    long first = 30L * CHUNK + 100;
    long count = 2L * CHUNK; // chunks 30, 31 and 32

    try (StoredEntry entry = store.getStream("k")) {
      assertThat(store.pinnedBytes()).as("every chunk but chunk 0, served at open, pinned")
          .isEqualTo(LARGE.length + 41 * 4L - STORED_CHUNK);
      try (InputStream part = ((RangeReadable) entry.body()).openRange(first, count)) {
        assertThat(store.pinnedBytes()).as("only the part's three chunks stay pinned")
            .isEqualTo(3 * STORED_CHUNK);
        assertThat(part.readNBytes(CHUNK)).isEqualTo(slice(first, CHUNK));
        assertThat(store.pinnedBytes()).as("each pin given back as served")
            .isEqualTo(STORED_CHUNK);
        assertThat(part.readAllBytes()).isEqualTo(slice(first + CHUNK, count - CHUNK));
      }
      assertThat(store.pinnedBytes()).isZero();
    }
    assertThat(store.pinnedBytes()).isZero();
    assertThat(store.openVersions()).isZero();
  }

  @Test
  void aPartInTheShortLastChunk_keepsOnlyThatOnePinned() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);

    try (StoredEntry entry = store.getStream("k");
        InputStream part = ((RangeReadable) entry.body()).openRange(LARGE.length - 10, 10)) {
      assertThat(store.pinnedBytes()).isEqualTo(321 + 4);
      assertThat(part.readAllBytes()).isEqualTo(slice(LARGE.length - 10, 10));
    }
    assertThat(store.pinnedBytes()).isZero();
  }

  @Test
  void aPartAtTheStart_isServedFromChunkZero_fetchedAtOpen() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);

    try (StoredEntry entry = store.getStream("k");
        InputStream part = ((RangeReadable) entry.body()).openRange(0, CHUNK + 1)) {
      assertThat(store.pinnedBytes()).as("chunk 1 only").isEqualTo(STORED_CHUNK);
      assertThat(part.readAllBytes()).isEqualTo(slice(0, CHUNK + 1));
    }
    assertThat(store.pinnedBytes()).isZero();
  }

  @Test
  void chunksEvictedOrDamagedOutsideThePart_doNotMatter_andThoseInsideAreServedFromThePins()
      throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);
    long first = 10L * CHUNK;
    long count = 3L * CHUNK;

    try (StoredEntry entry = store.getStream("k")) {
      EhcacheEntries.flipChunkByte(store, "k", 5);
      EhcacheEntries.removeChunk(store, "k", 20);
      EhcacheEntries.removeChunk(store, "k", 11); // inside, but pinned at open
      try (InputStream part = ((RangeReadable) entry.body()).openRange(first, count)) {
        assertThat(part.readAllBytes()).isEqualTo(slice(first, count));
      }
    }
    assertThat(store.pinnedBytes()).isZero();
  }

  @Test
  void aChunkDamagedInsideThePart_failsTheRead_andTheEntryIsRemoved() throws Exception {
    EhcacheStore store = open();
    commit(store, "k", MD, LARGE);
    EhcacheEntries.flipChunkByte(store, "k", 12);

    try (StoredEntry entry = store.getStream("k");
        InputStream part = ((RangeReadable) entry.body()).openRange(10L * CHUNK, 3L * CHUNK)) {
      assertThatThrownBy(part::readAllBytes).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("chunk 12 of 41");
    }
    assertAbsent(store, "k");
    assertThat(store.pinnedBytes()).isZero();
    assertThat(store.openVersions()).isZero();
  }

  /** Unpinned (a body over the bound): the part fetches only its own chunks from the cache. */
  @Test
  void unpinned_aPartFetchesOnlyItsChunks_fromTheCache() throws Exception {
    EhcacheStore store = track(EhcacheStore.builder().heapSize(1L << 20).chunkSize(CHUNK)
        .inlineThreshold(1024).maxPinnedBytes(0).build());
    commit(store, "k", MD, LARGE);
    long first = 25L * CHUNK - 1;
    long count = 2;

    try (StoredEntry entry = store.getStream("k")) {
      for (int i = 1; i < 41; i++) {
        if (i != 24 && i != 25) {
          EhcacheEntries.removeChunk(store, "k", i); // a fetch of any of them would fail
        }
      }
      try (InputStream part = ((RangeReadable) entry.body()).openRange(first, count)) {
        assertThat(part.readAllBytes()).isEqualTo(slice(first, count));
      }
    }
    assertThat(store.pinnedBytes()).isZero();
  }

  @Test
  void anInlineBody_opensAPart() throws Exception {
    EhcacheStore store = open();
    byte[] small = bytes(8, 700);
    commit(store, "small", MD, small);

    try (StoredEntry entry = store.getStream("small");
        InputStream part = ((RangeReadable) entry.body()).openRange(100, 250)) {
      assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(small, 100, 350));
    }
  }

  private static byte[] slice(long first, long count) {
    return Arrays.copyOfRange(LARGE, (int) first, (int) (first + count));
  }
}
