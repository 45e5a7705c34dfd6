package io.daramjwee.store.chunked;

import io.daramjwee.CorruptEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * A part of a chunked body, {@code [first, first + count)}, opened by
 * {@link ChunkedBodyStream#openRange}: fetches only the chunks that hold it, one at a time, each
 * checked against its own checksum ({@link ChunkSource#get}) before any of its bytes is served.
 * The whole body's checksum is not checked: a part cannot be (see
 * {@link io.daramjwee.RangeReadable}).
 *
 * <p>A missing or damaged chunk fails the read with {@link CorruptEntryException}, and every later
 * read too; the body stream it came from is told, so the store hears of it once. A skip moves
 * ahead without fetching the chunks it passes over.
 *
 * <p>Not thread-safe: one reader at a time. {@link #close} drops the chunk held and is idempotent;
 * the body stream, closed next by the caller, releases the rest.
 */
final class ChunkedRange extends InputStream {

  private final ChunkSource chunks;
  private final ChunkManifest manifest;
  private final Function<String, IOException> corrupt;
  private final long end;
  private long position; // the next body byte to serve
  private byte[] chunk;
  private int chunkIndex;
  private String failure;
  private byte[] single;
  private boolean closed;

  /**
   * @param held chunk {@code heldIndex}, already fetched and checked, or {@code null}
   * @param corrupt marks the body corrupt for a reason, telling its store once, and returns the
   *     exception to throw
   */
  ChunkedRange(ChunkSource chunks, ChunkManifest manifest, long first, long count, byte[] held,
      int heldIndex, Function<String, IOException> corrupt) {
    this.chunks = chunks;
    this.manifest = manifest;
    this.corrupt = corrupt;
    this.position = first;
    this.end = first + count;
    this.chunk = held;
    this.chunkIndex = held == null ? -1 : heldIndex;
  }

  /**
   * Fails unless {@code [first, first + count)} lies inside a body of {@code length} bytes: the
   * caller's range was decided on a length other than the stored body's.
   */
  static void checkInside(long first, long count, long length) throws IOException {
    if (first < 0 || count < 0 || first > length || count > length - first) {
      throw new IOException("range " + first + "+" + count + " lies beyond the body's " + length
          + " bytes");
    }
  }

  @Override
  public int read() throws IOException {
    if (single == null) {
      single = new byte[1];
    }
    return read(single, 0, 1) == -1 ? -1 : single[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureReadable();
    if (len == 0) {
      return 0;
    }
    if (position == end) {
      return -1;
    }
    int index = (int) (position / manifest.chunkSize());
    if (index != chunkIndex) {
      fetch(index);
    }
    int at = (int) (position - (long) index * manifest.chunkSize());
    int n = (int) Math.min(Math.min(len, manifest.chunkLength(index) - at), end - position);
    System.arraycopy(chunk, at, b, off, n);
    position += n;
    if (position == end) {
      chunk = null; // the part is all served: hold nothing while the caller finishes
    }
    return n;
  }

  /** Moves ahead without fetching the chunks passed over. */
  @Override
  public long skip(long n) throws IOException {
    ensureReadable();
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    ensureReadable();
    if (chunk == null || position == end) {
      return 0;
    }
    long chunkEnd = (long) chunkIndex * manifest.chunkSize() + manifest.chunkLength(chunkIndex);
    return (int) Math.max(0, Math.min(chunkEnd, end) - position);
  }

  @Override
  public void close() {
    closed = true;
    chunk = null;
  }

  private void fetch(int index) throws IOException {
    chunk = null;
    chunkIndex = -1;
    try {
      chunk = chunks.get(manifest, index);
    } catch (CorruptEntryException e) {
      failure = e.getMessage();
      throw corrupt.apply(failure);
    }
    chunkIndex = index;
  }

  private void ensureReadable() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failure != null) {
      throw corrupt.apply(failure);
    }
  }
}
