package io.daramjwee.store.ehcache;

import io.daramjwee.CorruptEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Streams a chunked body one chunk at a time, so at most one chunk of it is on the heap for this
 * reader. Each chunk is fetched and checked ({@link Chunks#get}) before any of its bytes is
 * served, and the whole body's CRC32C, accumulated as chunks arrive, is checked when the last one
 * arrives, before its bytes are served: a caller never receives a complete body that is wrong,
 * even one that stops at the known length without waiting for end of stream.
 *
 * <p>A missing or damaged chunk fails the read that needs it with {@link CorruptEntryException},
 * and every later read too; the store is told once, so it can remove the entry. Chunk 0 is fetched
 * by {@link #open}, so a store can turn its absence into a miss before handing out a stream.
 *
 * <p>Not thread-safe: one reader at a time. {@link #close} is idempotent and releases the
 * reader's hold on its version's chunks.
 */
final class ChunkedBodyStream extends InputStream {

  private final Chunks chunks;
  private final Manifest manifest;
  private final Consumer<String> onCorrupt;
  private final Runnable onClose;
  private final CRC32C bodyCrc = new CRC32C();
  private byte[] chunk;
  private int position;
  private int limit;
  private int next;
  private boolean closed;
  private String failure; // set once the body is known to be corrupt; every later read fails

  private ChunkedBodyStream(Chunks chunks, Manifest manifest, Consumer<String> onCorrupt,
      Runnable onClose) {
    this.chunks = chunks;
    this.manifest = manifest;
    this.onCorrupt = onCorrupt;
    this.onClose = onClose;
  }

  /**
   * Opens {@code manifest}'s body and fetches its first chunk.
   *
   * @param onCorrupt told the reason once, when a later chunk proves missing or damaged
   * @param onClose run once, on the first {@link #close}
   * @throws CorruptEntryException when the first chunk is missing or damaged (then neither
   *     callback runs)
   */
  static ChunkedBodyStream open(Chunks chunks, Manifest manifest, Consumer<String> onCorrupt,
      Runnable onClose) throws IOException {
    ChunkedBodyStream stream = new ChunkedBodyStream(chunks, manifest, onCorrupt, onClose);
    stream.fetchNext();
    return stream;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureReadable();
    if (len == 0) {
      return 0;
    }
    if (position == limit) {
      if (next == manifest.chunkCount()) {
        return -1;
      }
      try {
        fetchNext();
      } catch (CorruptEntryException e) {
        failure = e.getMessage();
        onCorrupt.accept(failure);
        throw e;
      }
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    ensureReadable();
    return limit - position;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      chunk = null;
      onClose.run();
    }
  }

  private void fetchNext() throws IOException {
    int index = next;
    byte[] fetched = chunks.get(manifest, index);
    int length = manifest.chunkLength(index);
    bodyCrc.update(fetched, 0, length);
    if (index == manifest.chunkCount() - 1 && (int) bodyCrc.getValue() != manifest.bodyCrc()) {
      throw new CorruptEntryException("body checksum mismatch over " + manifest.chunkCount()
          + " chunks");
    }
    chunk = fetched;
    position = 0;
    limit = length;
    next = index + 1;
  }

  private void ensureReadable() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failure != null) {
      throw new CorruptEntryException(failure);
    }
  }
}
