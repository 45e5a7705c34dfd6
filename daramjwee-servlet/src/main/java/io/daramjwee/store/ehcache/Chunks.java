package io.daramjwee.store.ehcache;

import io.daramjwee.store.chunked.ChunkManifest;
import io.daramjwee.store.chunked.ChunkSource;
import java.io.IOException;
import org.ehcache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks of bodies too large to live in their manifest. Chunk {@code i} of write {@code id}
 * is the value under {@code c/{id}/{i}} ({@link Keys}), in the format {@link ChunkSource} gives.
 *
 * <p>The cache's heap tier holds values by reference: an array handed to {@link #put} belongs to
 * the cache from then on, and one returned by {@link #get} is shared with other readers. Neither is
 * ever written to again.
 *
 * <p>A disk pool writes behind, holding each pending value on the heap ({@link DiskWriteBacklog}):
 * {@link #put} waits while more than about 8 MiB of chunks are pending, and fails the write when
 * the disk has not caught up for {@link #BACKLOG_WAIT_MILLIS}.
 *
 * <p>Thread-safe, as the cache is.
 */
final class Chunks implements ChunkSource {

  private static final Logger log = LoggerFactory.getLogger(Chunks.class);

  /** The disk pool's writes a writer lets pile up before it waits (about 8 MiB of chunks). */
  private static final long BACKLOG_BYTES = 8L << 20;
  /** How long a writer waits for the disk pool to catch up before the write fails. */
  static final long BACKLOG_WAIT_MILLIS = 30_000;

  private final Cache<String, byte[]> cache;
  private final DiskWriteBacklog backlog; // null: nothing writes behind, or not counted
  private final int backlogLimit;

  Chunks(Cache<String, byte[]> cache, DiskWriteBacklog backlog, int chunkSize) {
    this.cache = cache;
    this.backlog = backlog;
    this.backlogLimit = (int) Math.max(4, BACKLOG_BYTES / chunkSize);
  }

  /**
   * Stores {@code chunk}, sealed ({@link ChunkSource#seal}), as chunk {@code index} of
   * {@code writeId}; it belongs to the cache afterwards.
   */
  void put(String writeId, int index, byte[] chunk) throws IOException {
    if (backlog != null) {
      // A disk pool writes behind, each pending chunk on the heap: wait while it is far behind.
      backlog.awaitBelow(backlogLimit, BACKLOG_WAIT_MILLIS);
    }
    try {
      cache.put(Keys.chunk(writeId, index), chunk);
    } catch (IllegalStateException e) {
      throw new IOException("cannot store chunk " + index + " of write " + writeId
          + ": the cache is closed", e);
    }
  }

  @Override
  public byte[] fetch(ChunkManifest manifest, int index) throws IOException {
    try {
      return cache.get(Keys.chunk(manifest.writeId(), index));
    } catch (IllegalStateException e) {
      throw new IOException("cannot read chunk " + index + ": the cache is closed", e);
    }
  }

  /**
   * The index of the first chunk of {@code manifest} the cache no longer holds, or -1 when it
   * holds them all. A presence check only: the chunks' bytes are checked as they are read.
   *
   * @throws IOException when the cache is closed
   */
  int firstMissing(ChunkManifest manifest) throws IOException {
    try {
      for (int i = 0; i < manifest.chunkCount(); i++) {
        if (!cache.containsKey(Keys.chunk(manifest.writeId(), i))) {
          return i;
        }
      }
      return -1;
    } catch (IllegalStateException e) {
      throw new IOException("cannot look up chunks: the cache is closed", e);
    }
  }

  /** Removes chunks {@code [0, count)} of {@code writeId}. Never throws: logs instead. */
  void remove(String writeId, int count) {
    try {
      for (int i = 0; i < count; i++) {
        cache.remove(Keys.chunk(writeId, i));
      }
    } catch (RuntimeException e) {
      // A closed cache, most likely; a persistent one is swept of orphans on its next start.
      log.warn("cannot remove the {} chunks of write {} tier=ehcache", count, writeId, e);
    }
  }
}
