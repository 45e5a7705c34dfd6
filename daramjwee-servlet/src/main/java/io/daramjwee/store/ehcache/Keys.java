package io.daramjwee.store.ehcache;

import io.daramjwee.store.chunked.ChunkManifest;
import io.daramjwee.store.chunked.WriteIds;

/**
 * How an {@link EhcacheStore} names what it puts in its one Ehcache cache:
 *
 * <pre>
 *   m/{key}                 the manifest of {key}, which makes one write of it visible
 *                           ({@link ChunkManifest})
 *   c/{write id}/{index}    chunk {index} (decimal, from 0) of the write {write id} ({@link Chunks})
 * </pre>
 *
 * <p>Write ids are {@link WriteIds}. Entries under any other name are not the store's and are
 * left alone.
 *
 * <p>Stateless and thread-safe.
 */
final class Keys {

  static final String MANIFEST_PREFIX = "m/";
  static final String CHUNK_PREFIX = "c/";

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
    int end = CHUNK_PREFIX.length() + WriteIds.LENGTH;
    if (!cacheKey.startsWith(CHUNK_PREFIX) || cacheKey.length() <= end
        || cacheKey.charAt(end) != '/') {
      return null;
    }
    return cacheKey.substring(CHUNK_PREFIX.length(), end);
  }
}
