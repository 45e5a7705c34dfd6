package io.daramjwee.store.ehcache;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes one entry of an {@link EhcacheStore}: the body is cut into chunks put under this write's
 * own id as they fill, and {@link #commit()} puts the manifest that makes them visible
 * ({@link Manifest}). No lock is held while writing, so a delete or another writer of the key
 * never waits for this one; only the manifest's put is serialised with them. The metadata lives
 * only in the manifest, never in a chunk, so {@link #amendMetadata} always succeeds, at any size.
 *
 * <p>Memory: one chunk's buffer. It starts small and grows to the chunk size only for a body that
 * needs it, so a small body does not cost a whole chunk; a full chunk's array goes to the cache
 * as it is (the heap tier keeps it by reference) and a fresh one is started.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort. An abort
 * removes the chunks put so far; a chunk put concurrently with it is removed by the writing thread
 * itself, which sees the abort right after its put and fails its write.
 */
final class EhcacheStoreWriter extends StoreWriter {

  private static final int INITIAL_BUFFER = 8 * 1024;

  private final EhcacheStore store;
  private final Chunks chunks;
  private final String key;
  private final byte[] keyUtf8;
  private byte[] metadata; // encoded; only the writing thread reads or replaces it
  private final String writeId = Keys.newWriteId();
  private final int chunkSize;
  private final int inlineThreshold;
  private final CRC32C bodyCrc = new CRC32C();
  private byte[] buffer;
  private int filled;
  private long bodyLength;
  // Volatile pair: the writer publishes chunksPut then reads aborted, the aborter the reverse, so
  // at least one of them sees the other's write and no chunk is left behind.
  private volatile int chunksPut;
  private volatile boolean aborted;

  EhcacheStoreWriter(EhcacheStore store, Chunks chunks, String key, byte[] keyUtf8,
      byte[] metadata, int chunkSize, int inlineThreshold) {
    this.store = store;
    this.chunks = chunks;
    this.key = key;
    this.keyUtf8 = keyUtf8;
    this.metadata = metadata;
    this.chunkSize = chunkSize;
    this.inlineThreshold = inlineThreshold;
    this.buffer = new byte[Math.min(INITIAL_BUFFER, chunkSize + 4)];
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) throws IOException {
    if (aborted) {
      throw new IOException("write of " + key + " was aborted");
    }
    bodyCrc.update(b, off, len);
    bodyLength += len;
    while (len > 0) {
      if (filled == chunkSize) {
        putChunk();
      }
      int n = Math.min(len, chunkSize - filled);
      ensureCapacity(filled + n);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  @Override
  protected boolean doAmend(Metadata amended) {
    metadata = amended.encode();
    return true;
  }

  @Override
  protected void doCommit() throws IOException {
    byte[] manifest;
    if (chunksPut == 0 && bodyLength <= inlineThreshold) {
      manifest = Manifest.inline(keyUtf8, metadata, writeId, buffer, filled,
          (int) bodyCrc.getValue());
    } else {
      if (filled > 0) {
        putChunk();
      }
      manifest = Manifest.chunked(keyUtf8, metadata, writeId, bodyLength, chunkSize, chunksPut,
          (int) bodyCrc.getValue());
    }
    store.publish(key, manifest);
  }

  @Override
  protected void doAbort() {
    aborted = true;
    chunks.remove(writeId, chunksPut);
  }

  /** The write's id; for tests. */
  String writeId() {
    return writeId;
  }

  private void putChunk() throws IOException {
    byte[] chunk = filled + 4 == buffer.length ? buffer : Arrays.copyOf(buffer, filled + 4);
    int index = chunksPut;
    chunks.put(writeId, index, chunk, filled);
    chunksPut = index + 1;
    if (aborted) {
      chunks.remove(writeId, index + 1);
      throw new IOException("write of " + key + " was aborted");
    }
    buffer = new byte[chunkSize + 4];
    filled = 0;
  }

  /** Room for {@code needed} body bytes and a checksum, growing by doubling up to one chunk. */
  private void ensureCapacity(int needed) {
    if (needed + 4 > buffer.length) {
      int grown = (int) Math.min(Math.max(2L * buffer.length, needed + 4L), chunkSize + 4L);
      buffer = Arrays.copyOf(buffer, grown);
    }
  }
}
