package io.daramjwee.store.chunked;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes one entry of a store that keeps bodies in chunks: the body is cut into chunks stored under
 * this write's own id ({@link WriteIds}) as they fill, and {@link #commit()} stores the manifest
 * that makes them visible ({@link ChunkManifest}); a body of at most the inline threshold goes into
 * the manifest itself. The store supplies where chunks and manifests go ({@link #storeChunk},
 * {@link #removeChunks}, {@link #publish}); this class owns the cutting, the checksums and the
 * abort race. The metadata lives only in the manifest, never in a chunk, so
 * {@link #amendMetadata} always succeeds, at any size.
 *
 * <p>Memory: one chunk's buffer. It starts small and grows to the chunk size only for a body that
 * needs it, so a small body does not cost a whole chunk; a full chunk's array is handed to the
 * store as it is (a store may keep it by reference) and a fresh one is started.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort. An abort
 * removes the chunks stored so far; a chunk stored concurrently with it is removed by the writing
 * thread itself, which sees the abort right after its store and fails its write.
 */
public abstract class ChunkedWriter extends StoreWriter {

  private static final int INITIAL_BUFFER = 8 * 1024;

  private final String key;
  private final byte[] keyUtf8;
  // Only the writing thread reads or replaces these two.
  private Metadata metadata;
  private byte[] encodedMetadata;
  private final String writeId = WriteIds.next();
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

  /**
   * A write of {@code key} ({@code keyUtf8} its UTF-8 bytes, kept in the manifest) with
   * {@code metadata}, in chunks of {@code chunkSize} bytes, inline up to {@code inlineThreshold}
   * bytes.
   */
  protected ChunkedWriter(String key, byte[] keyUtf8, Metadata metadata, int chunkSize,
      int inlineThreshold) {
    this.key = key;
    this.keyUtf8 = keyUtf8;
    this.metadata = metadata;
    this.encodedMetadata = metadata.encode();
    this.chunkSize = chunkSize;
    this.inlineThreshold = inlineThreshold;
    this.buffer = new byte[Math.min(INITIAL_BUFFER, chunkSize + 4)];
  }

  @Override
  protected final void doWrite(byte[] b, int off, int len) throws IOException {
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

  /**
   * Stores {@code chunk} (its body bytes and their checksum, as {@link ChunkSource#seal} made it)
   * as chunk {@code index} of {@code writeId}. The array belongs to the store afterwards.
   */
  protected abstract void storeChunk(String writeId, int index, byte[] chunk) throws IOException;

  /** Removes chunks {@code [0, count)} of {@code writeId}. Must not throw: log instead. */
  protected abstract void removeChunks(String writeId, int count);

  /**
   * Makes {@code manifest} (of an entry with {@code metadata}) the key's value in one step,
   * retiring the previous value's chunks. Throws, leaving nothing visible, when it cannot (the
   * chunks are then removed by the abort).
   */
  protected abstract void publish(String key, byte[] manifest, Metadata metadata)
      throws IOException;

  @Override
  protected final boolean doAmend(Metadata amended) {
    encodedMetadata = amended.encode();
    metadata = amended;
    return true;
  }

  @Override
  protected final void doCommit() throws IOException {
    byte[] manifest;
    if (chunksPut == 0 && bodyLength <= inlineThreshold) {
      manifest = ChunkManifest.inline(keyUtf8, encodedMetadata, writeId, buffer, filled,
          (int) bodyCrc.getValue());
    } else {
      if (filled > 0) {
        putChunk();
      }
      manifest = ChunkManifest.chunked(keyUtf8, encodedMetadata, writeId, bodyLength, chunkSize,
          chunksPut, (int) bodyCrc.getValue());
    }
    publish(key, manifest, metadata);
  }

  @Override
  protected final void doAbort() {
    aborted = true;
    removeChunks(writeId, chunksPut);
  }

  /** The write's id. */
  public final String writeId() {
    return writeId;
  }

  /** The chunks stored so far: by {@link #publish}, all of them; 0 for an inline body. */
  protected final int chunkCount() {
    return chunksPut;
  }

  private void putChunk() throws IOException {
    byte[] chunk = filled + 4 == buffer.length ? buffer : Arrays.copyOf(buffer, filled + 4);
    int index = chunksPut;
    storeChunk(writeId, index, ChunkSource.seal(chunk, filled));
    chunksPut = index + 1;
    if (aborted) {
      removeChunks(writeId, index + 1);
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
