package io.daramjwee.store.redis;

/**
 * How a {@link RedisStore} names its Redis keys, under its key prefix {@code P}:
 *
 * <pre>
 *   P m:{key}               the manifest of {key}: makes one write of it visible
 *   P c:{{write id}}:{i}    chunk {i} (decimal, from 0) of the write {write id}
 * </pre>
 *
 * <p>The write id sits in braces, a Redis Cluster hash tag, so all chunks of one write live in one
 * slot and one multi-key {@code EXISTS} or {@code DEL} can address them on a cluster too. The
 * manifest's name has no hash tag: it goes wherever its key hashes. Keys under other names are not
 * the store's and are left alone. Stateless and thread-safe.
 */
final class RedisKeys {

  private final String manifestPrefix;
  private final String chunkPrefix;

  RedisKeys(String prefix) {
    this.manifestPrefix = prefix + "m:";
    this.chunkPrefix = prefix + "c:{";
  }

  String manifest(String key) {
    return manifestPrefix + key;
  }

  String chunk(String writeId, int index) {
    return chunkPrefix + writeId + "}:" + index;
  }

  /** The names of chunks {@code [0, count)} of {@code writeId}. */
  String[] chunks(String writeId, int count) {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = chunk(writeId, i);
    }
    return names;
  }
}
