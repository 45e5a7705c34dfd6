package io.daramjwee.store.redis;

import io.daramjwee.Metadata;
import io.daramjwee.store.chunked.ChunkedWriter;
import java.io.IOException;

/**
 * Writes one entry of a {@link RedisStore} ({@link ChunkedWriter} cuts and checks the body): each
 * chunk is {@code SET} with a TTL as it fills, and the commit sets the manifest. The chunks' TTL is
 * the entry's plus the store's reader grace, so they outlive the manifest that names them; a write
 * that never commits (a crash) leaves chunks that expire by themselves. Nothing is locked.
 */
final class RedisStoreWriter extends ChunkedWriter {

  private final RedisStore store;
  private final long chunkTtlMillis;

  RedisStoreWriter(RedisStore store, String key, byte[] keyUtf8, Metadata metadata,
      int chunkSize, int inlineThreshold, long chunkTtlMillis) {
    super(key, keyUtf8, metadata, chunkSize, inlineThreshold);
    this.store = store;
    this.chunkTtlMillis = chunkTtlMillis;
  }

  @Override
  protected void storeChunk(String writeId, int index, byte[] chunk) throws IOException {
    store.putChunk(writeId, index, chunk, chunkTtlMillis);
  }

  @Override
  protected void removeChunks(String writeId, int count) {
    store.removeChunks(writeId, count);
  }

  @Override
  protected void publish(String key, byte[] manifest, Metadata metadata) throws IOException {
    store.publish(key, manifest, metadata, writeId(), chunkCount());
  }
}
