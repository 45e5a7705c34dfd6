package io.daramjwee.store.ehcache;

import io.daramjwee.Metadata;
import io.daramjwee.store.chunked.ChunkedWriter;
import java.io.IOException;

/**
 * Writes one entry of an {@link EhcacheStore} ({@link ChunkedWriter} cuts and checks the body):
 * chunks are put into the cache as they fill, and the commit puts the manifest under the key's
 * stripe lock. No lock is held while writing, so a delete or another writer of the key never waits
 * for this one.
 */
final class EhcacheStoreWriter extends ChunkedWriter {

  private final EhcacheStore store;
  private final Chunks chunks;

  EhcacheStoreWriter(EhcacheStore store, Chunks chunks, String key, byte[] keyUtf8,
      Metadata metadata, int chunkSize, int inlineThreshold) {
    super(key, keyUtf8, metadata, chunkSize, inlineThreshold);
    this.store = store;
    this.chunks = chunks;
  }

  @Override
  protected void storeChunk(String writeId, int index, byte[] chunk) throws IOException {
    chunks.put(writeId, index, chunk);
  }

  @Override
  protected void removeChunks(String writeId, int count) {
    chunks.remove(writeId, count);
  }

  @Override
  protected void publish(String key, byte[] manifest, Metadata metadata) throws IOException {
    store.publish(key, manifest);
  }
}
