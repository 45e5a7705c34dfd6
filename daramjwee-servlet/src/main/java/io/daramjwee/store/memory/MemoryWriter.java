package io.daramjwee.store.memory;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import java.io.IOException;

/**
 * Buffers one write of a {@link MemoryStore} and publishes it on commit. Holds no store lock
 * until commit, so a delete or another writer of the same key never waits for it. The metadata is
 * kept as an object until commit, so {@link #amendMetadata} always succeeds and the entry is
 * weighed ({@link HeapWeight}) with the metadata it is published with.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort.
 */
final class MemoryWriter extends StoreWriter {

  private final MemoryStore store;
  private final String key;
  private final long capacity;
  private Metadata metadata; // only the writing thread reads or replaces it
  private long headWeight; // HeapWeight.head of the key and metadata; the writing thread's alone

  // Volatile because abort() may come from another thread while the writing thread is inside
  // doWrite(): abort only drops the reference, and the writer thread finishes its current call
  // into a detached buffer that nothing reads and the GC reclaims.
  private volatile BodyBuffer buffer;

  MemoryWriter(MemoryStore store, String key, Metadata metadata, long capacity) {
    this.store = store;
    this.key = key;
    this.metadata = metadata;
    this.capacity = capacity;
    // Bounded by what the key and the metadata the write starts with take; an amended metadata
    // is weighed again at commit, where the store rejects an entry over the capacity.
    this.headWeight = HeapWeight.head(key, metadata);
    this.buffer = new BodyBuffer(capacity - headWeight);
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) {
    BodyBuffer body = buffer;
    if (body != null) {
      body.write(b, off, len);
    }
  }

  @Override
  protected boolean doAmend(Metadata amended) {
    metadata = amended;
    headWeight = HeapWeight.head(key, amended);
    return true;
  }

  @Override
  protected void doCommit() throws IOException {
    BodyBuffer body = buffer;
    if (body.overflowed()) {
      long weight = headWeight + HeapWeight.body(body.length(), 1);
      throw new IOException("entry of " + weight + " bytes exceeds capacity " + capacity);
    }
    byte[][] blocks = body.toBlocks();
    long weight = headWeight + HeapWeight.body(body.length(), blocks.length);
    store.publish(key, new MemoryEntry(metadata, blocks, body.length(), weight));
    buffer = null;
  }

  @Override
  protected void doAbort() {
    buffer = null;
  }

  /** Bytes of heap this write holds; for tests. */
  long buffered() {
    BodyBuffer body = buffer;
    return body == null ? 0 : body.allocated();
  }
}
