package io.daramjwee.store.ehcache;

import io.daramjwee.CorruptEntryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.ehcache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks of bodies too large to live in their manifest. Chunk {@code i} of write {@code id}
 * is the value under {@code c/{id}/{i}} ({@link Keys}):
 *
 * <pre>
 *   offset  bytes  field
 *   ------  -----  -------------------------------------------------------------
 *   0       n      body bytes [i * S, i * S + n), S the manifest's chunk size
 *   n       4      CRC32C of those n bytes, big-endian
 * </pre>
 *
 * <p>The checksum travels with the chunk, so a manifest stays the same size however large its
 * body, and a reader checks each chunk before it serves a byte of it. A chunk's expected length
 * comes from the manifest, so a shortened chunk fails too.
 *
 * <p>The cache's heap tier holds values by reference: an array handed to {@link #put} belongs to
 * the cache from then on, and one returned by {@link #get} is shared with other readers. Neither is
 * ever written to again.
 *
 * <p>Thread-safe, as the cache is.
 */
final class Chunks {

  private static final Logger log = LoggerFactory.getLogger(Chunks.class);

  private final Cache<String, byte[]> cache;

  Chunks(Cache<String, byte[]> cache) {
    this.cache = cache;
  }

  /**
   * Stores {@code chunk[0, length)} as chunk {@code index} of {@code writeId}, writing its checksum
   * into {@code chunk[length, length + 4)}; {@code chunk} must be exactly {@code length + 4} long,
   * and belongs to the cache afterwards.
   */
  void put(String writeId, int index, byte[] chunk, int length) throws IOException {
    ByteBuffer.wrap(chunk).putInt(length, Manifest.crc(chunk, 0, length));
    try {
      cache.put(Keys.chunk(writeId, index), chunk);
    } catch (IllegalStateException e) {
      throw new IOException("cannot store chunk " + index + " of write " + writeId
          + ": the cache is closed", e);
    }
  }

  /**
   * Chunk {@code index} of {@code manifest}'s body, checked: the bytes are {@code [0, length)} of
   * the returned array, {@code length} being {@link Manifest#chunkLength}.
   *
   * @throws CorruptEntryException when the chunk is missing (Ehcache evicted it) or damaged
   * @throws IOException when the cache is closed
   */
  byte[] get(Manifest manifest, int index) throws IOException {
    byte[] chunk;
    try {
      chunk = cache.get(Keys.chunk(manifest.writeId(), index));
    } catch (IllegalStateException e) {
      throw new IOException("cannot read chunk " + index + ": the cache is closed", e);
    }
    String where = "chunk " + index + " of " + manifest.chunkCount();
    if (chunk == null) {
      throw new CorruptEntryException(where + " is missing (evicted)");
    }
    int length = manifest.chunkLength(index);
    if (chunk.length != length + 4) {
      throw new CorruptEntryException(where + " holds " + (chunk.length - 4) + " bytes, not "
          + length);
    }
    if (ByteBuffer.wrap(chunk).getInt(length) != Manifest.crc(chunk, 0, length)) {
      throw new CorruptEntryException(where + " fails its checksum");
    }
    return chunk;
  }

  /**
   * The index of the first chunk of {@code manifest} the cache no longer holds, or -1 when it
   * holds them all. A presence check only: the chunks' bytes are checked as they are read.
   *
   * @throws IOException when the cache is closed
   */
  int firstMissing(Manifest manifest) throws IOException {
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
