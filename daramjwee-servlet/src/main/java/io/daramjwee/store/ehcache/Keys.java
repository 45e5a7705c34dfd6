package io.daramjwee.store.ehcache;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How an {@link EhcacheStore} names what it puts in its one Ehcache cache:
 *
 * <pre>
 *   m/{key}                 the manifest of {key}: makes one write of it visible ({@link Manifest})
 *   c/{write id}/{index}    chunk {index} (decimal, from 0) of the write {write id} ({@link Chunks})
 * </pre>
 *
 * <p>A write id is 32 lowercase hex digits (128 random bits), fresh for every write, so the chunks
 * of two writes of one key never share a name: a reader of the old value and a writer of the new
 * one never touch the same entry, and a reader can tell its version's chunks are gone rather than
 * silently read another version's. Entries under any other name are not the store's and are left
 * alone.
 *
 * <p>Stateless and thread-safe.
 */
final class Keys {

  static final String MANIFEST_PREFIX = "m/";
  static final String CHUNK_PREFIX = "c/";
  static final int WRITE_ID_LENGTH = 32;

  private Keys() {}

  static String manifest(String key) {
    return MANIFEST_PREFIX + key;
  }

  static String chunk(String writeId, int index) {
    return CHUNK_PREFIX + writeId + '/' + index;
  }

  static boolean isManifest(String cacheKey) {
    return cacheKey.startsWith(MANIFEST_PREFIX);
  }

  /** The write id of a chunk's cache key, or {@code null} if the name is not a chunk's. */
  static String writeIdOfChunk(String cacheKey) {
    int end = CHUNK_PREFIX.length() + WRITE_ID_LENGTH;
    if (!cacheKey.startsWith(CHUNK_PREFIX) || cacheKey.length() <= end
        || cacheKey.charAt(end) != '/') {
      return null;
    }
    return cacheKey.substring(CHUNK_PREFIX.length(), end);
  }

  /** A fresh write id. Random rather than counted, so ids stay unique across restarts. */
  static String newWriteId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex(random.nextLong(), random.nextLong());
  }

  static String hex(long high, long low) {
    return pad(Long.toHexString(high)) + pad(Long.toHexString(low));
  }

  static long high(String writeId) {
    return Long.parseUnsignedLong(writeId, 0, 16, 16);
  }

  static long low(String writeId) {
    return Long.parseUnsignedLong(writeId, 16, 32, 16);
  }

  private static String pad(String hex) {
    return "0".repeat(16 - hex.length()) + hex;
  }
}
