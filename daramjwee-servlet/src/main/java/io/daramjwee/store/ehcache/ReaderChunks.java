package io.daramjwee.store.ehcache;

import io.daramjwee.store.chunked.ChunkManifest;
import io.daramjwee.store.chunked.ChunkSource;
import java.io.IOException;

/**
 * The chunks one reader of an {@link EhcacheStore} serves. Normally they are <em>pinned</em>: the
 * reader takes every chunk of its version when it opens, so Ehcache may evict them from the cache
 * while the reader streams, and the reader still serves the whole body. Each chunk is checked
 * (CRC32C) as it is served, as from the cache.
 *
 * <p>What a pin costs depends on the pool a chunk comes from. The heap pool hands out the very
 * array it stores, so a pin is a reference: no copy, no I/O, and no heap beyond the pool's unless
 * the chunk is evicted while pinned. Off-heap and disk pools hand out a copy, so pinning reads the
 * body onto the heap when the reader opens. Either way the bytes count against the store's
 * {@link PinBudget}, reserved whole when the reader opens and given back as each chunk is served;
 * a reader that would pass the budget is refused ({@link #open} returns {@code null}). A body
 * larger than the whole budget, which could never be pinned, is <em>streamed</em> instead: fetched
 * from the cache chunk by chunk, where an eviction can still reach it.
 *
 * <p>Why pins rather than Ehcache's {@code EvictionAdvisor} fed by the open readers: the heap
 * pool asks the advisor only about a sample of candidates, and evicts an advised one when the
 * whole sample is advised; the off-heap and disk pools ask once, when a value is put, so advice
 * cannot follow a reader that opens later. Advice would make a cut-short answer rarer, not
 * impossible. Nor an eviction listener that rescues a reader's chunks: Ehcache then builds an
 * event, deserializing the old value, for every put and remove of the cache.
 *
 * <p>Each chunk is handed out once: serving it drops the pin's reference, so the heap a reader
 * holds shrinks as it streams. A reader that opens a part of the body drops at once the pins of
 * the chunks outside it ({@link #keepOnly}). The pins were taken (and, from off-heap or disk,
 * copied) when the reader opened, before the store could know a part would be asked for.
 *
 * <p>One reader per instance; {@link #close} is idempotent and may come from any thread.
 */
final class ReaderChunks implements ChunkSource {

  private final Chunks cache;
  private final PinBudget budget; // null when streamed
  private byte[][] pinned; // null when streamed, or once closed
  private long reserved;

  private ReaderChunks(Chunks cache, PinBudget budget, int count, long reserved) {
    this.cache = cache;
    this.budget = budget;
    this.pinned = budget == null ? null : new byte[count][];
    this.reserved = reserved;
  }

  /**
   * The chunks of {@code manifest} for one reader: pinned when {@code budget} has room, streamed
   * when the body is larger than the whole budget, and {@code null} when the body would fit the
   * budget but other readers hold too much of it now. Nothing is fetched yet: see {@link #fill}.
   */
  static ReaderChunks open(Chunks cache, PinBudget budget, ChunkManifest manifest) {
    long bytes = bytesOf(manifest);
    if (!budget.fits(bytes)) {
      return new ReaderChunks(cache, null, 0, 0);
    }
    return budget.tryReserve(bytes)
        ? new ReaderChunks(cache, budget, manifest.chunkCount(), bytes) : null;
  }

  /** The bytes the chunks of {@code manifest} take as stored, each with its checksum. */
  static long bytesOf(ChunkManifest manifest) {
    return manifest.bodyLength() + 4L * manifest.chunkCount();
  }

  /** Whether the chunks are pinned rather than streamed. */
  boolean isPinned() {
    return budget != null;
  }

  /**
   * Pins every chunk of {@code manifest}, or, streamed, checks that the cache holds them all;
   * either way stops at the first one the cache no longer holds.
   *
   * @return the index of that chunk, or -1 when there is none
   * @throws IOException when the cache is closed
   */
  int fill(ChunkManifest manifest) throws IOException {
    if (budget == null) {
      return cache.firstMissing(manifest);
    }
    for (int i = 0; i < manifest.chunkCount(); i++) {
      byte[] chunk = cache.fetch(manifest, i);
      if (chunk == null) {
        return i;
      }
      synchronized (this) {
        if (pinned == null) {
          throw new IOException("the reader closed while its chunks were being pinned");
        }
        pinned[i] = chunk;
      }
    }
    return -1;
  }

  /**
   * Chunk {@code index} as stored: pinned, handed out once ({@code null} the second time or once
   * closed), or streamed, from the cache.
   */
  @Override
  public byte[] fetch(ChunkManifest manifest, int index) throws IOException {
    if (budget == null) {
      return cache.fetch(manifest, index);
    }
    synchronized (this) {
      if (pinned == null) {
        return null;
      }
      byte[] chunk = pinned[index];
      if (chunk != null) {
        pinned[index] = null;
        long bytes = manifest.chunkLength(index) + 4L;
        reserved -= bytes;
        budget.release(bytes);
      }
      return chunk;
    }
  }

  /**
   * Drops the pins of every chunk outside {@code [from, to]}, and gives back their part of the
   * reservation: the reader opened a part of the body and will fetch no other chunk. Streamed,
   * nothing is held ahead, so nothing changes.
   */
  @Override
  public void keepOnly(ChunkManifest manifest, int from, int to) {
    if (budget == null) {
      return;
    }
    synchronized (this) {
      if (pinned == null) {
        return;
      }
      long dropped = 0;
      for (int i = 0; i < pinned.length; i++) {
        if ((i < from || i > to) && pinned[i] != null) {
          pinned[i] = null;
          dropped += manifest.chunkLength(i) + 4L;
        }
      }
      reserved -= dropped;
      budget.release(dropped);
    }
  }

  /** Drops every pin still held and gives back the rest of the reservation. Idempotent. */
  void close() {
    if (budget == null) {
      return;
    }
    synchronized (this) {
      if (pinned != null) {
        pinned = null;
        budget.release(reserved);
        reserved = 0;
      }
    }
  }
}
