package io.daramjwee.store.ehcache;

import io.daramjwee.store.chunked.ChunkManifest;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.ehcache.Cache;

/** Reaches behind an {@link EhcacheStore} to count and damage its entries, as faults would. */
final class EhcacheEntries {

  private EhcacheEntries() {}

  /** The key's current manifest, parsed; fails if there is none. */
  static ChunkManifest manifest(EhcacheStore store, String key) throws Exception {
    byte[] raw = store.cache().get(Keys.manifest(key));
    if (raw == null) {
      throw new AssertionError("no manifest for " + key);
    }
    return ChunkManifest.decode(raw, key.getBytes(StandardCharsets.UTF_8));
  }

  /** Flips one body byte: in the inline body, or in the first chunk. */
  static void flipBodyByte(EhcacheStore store, String key) throws Exception {
    ChunkManifest manifest = manifest(store, key);
    if (manifest.isInline()) {
      // The inline body sits right before the manifest's own checksum.
      byte[] damaged = manifest.raw().clone();
      damaged[damaged.length - 5] ^= 1;
      store.cache().put(Keys.manifest(key), damaged);
    } else {
      flipChunkByte(store, key, 0);
    }
  }

  /** Flips one byte of chunk {@code index}; a copy is put, since the heap tier shares arrays. */
  static void flipChunkByte(EhcacheStore store, String key, int index) throws Exception {
    String name = Keys.chunk(manifest(store, key).writeId(), index);
    byte[] damaged = store.cache().get(name).clone();
    damaged[damaged.length / 2] ^= 1;
    store.cache().put(name, damaged);
  }

  /** Removes chunk {@code index}, as Ehcache's eviction would. */
  static void removeChunk(EhcacheStore store, String key, int index) throws Exception {
    store.cache().remove(Keys.chunk(manifest(store, key).writeId(), index));
  }

  /** How many chunk entries the cache holds, counted through its iterator. */
  static int chunkEntries(EhcacheStore store) {
    int count = 0;
    for (Cache.Entry<String, byte[]> entry : store.cache()) {
      if (Keys.writeIdOfChunk(entry.getKey()) != null) {
        count++;
      }
    }
    return count;
  }

  /** The chunks of {@code writeId} still in the cache, by index, up to {@code count}. */
  static int chunksOf(EhcacheStore store, String writeId, int count) {
    return (int) IntStream.range(0, count)
        .filter(i -> store.cache().containsKey(Keys.chunk(writeId, i))).count();
  }
}
