package io.daramjwee.store.chunked;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.RangeReadable;
import io.daramjwee.internal.ChecksummedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Streams a chunked body one chunk at a time, so at most one chunk of it is on the heap for this
 * reader. Each chunk is fetched and checked ({@link ChunkSource#get}) before any of its bytes is
 * served, and the whole body's CRC32C, accumulated as chunks arrive
 * ({@link ChecksummedInputStream#checksumAhead}), is checked when the last one arrives, before its
 * bytes are served: a caller never receives a complete body that is wrong, even one that stops at
 * the known length without waiting for end of stream.
 *
 * <p>A missing or damaged chunk fails the read that needs it with {@link CorruptEntryException},
 * and every later read too; the store is told once, so it can remove the entry. Chunk 0 is fetched
 * by {@link #open}, so a store can turn its absence into a miss before handing out a stream.
 *
 * <p>A part of the body ({@link #openRange}) fetches only the chunks that hold it, each checked
 * against its own checksum; the whole body's checksum is not checked for a part (a part cannot
 * be). Chunk 0, fetched by {@link #open} either way, serves a part that starts in it and is
 * dropped otherwise. The source is told which chunks the part needs
 * ({@link ChunkSource#keepOnly}), so a reader that pinned the others lets them go at once.
 *
 * <p>Not thread-safe: one reader at a time. {@link #close} is idempotent and releases the
 * reader's hold on its version's chunks.
 */
public final class ChunkedBodyStream extends ChecksummedInputStream implements RangeReadable {

  private final ChunkSource chunks;
  private final ChunkManifest manifest;
  private final Consumer<String> onCorrupt;
  private final Runnable onClose;
  private byte[] chunk;
  private int position; // in the current chunk
  private int limit;
  private int next;
  // False inside open(): a corrupt first chunk is open's exception, a miss to the store, and no
  // onCorrupt; true once the stream is handed out.
  private boolean handedOut;
  private boolean rangeOpened;
  private boolean parted; // a part was opened: this stream serves nothing more itself

  private ChunkedBodyStream(ChunkSource chunks, ChunkManifest manifest, Consumer<String> onCorrupt,
      Runnable onClose) {
    super(manifest.bodyLength(), CorruptEntryException::new);
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
  public static ChunkedBodyStream open(ChunkSource chunks, ChunkManifest manifest, Consumer<String> onCorrupt,
      Runnable onClose) throws IOException {
    ChunkedBodyStream stream = new ChunkedBodyStream(chunks, manifest, onCorrupt, onClose);
    stream.fetchNext();
    stream.handedOut = true;
    return stream;
  }

  @Override
  public int available() throws IOException {
    ensureReadable();
    return limit - position;
  }

  /**
   * Exactly the body's bytes {@code [first, first + count)}, fetching only the chunks that hold
   * them ({@link ChunkedRange}). The whole body asked for as a range is this
   * stream itself, checked against the whole body's checksum as ever (closing the view does
   * nothing; the caller closes this stream next). Declines ({@code null}) once a range was opened
   * or a byte read.
   *
   * @throws IOException when the part does not lie inside the body
   */
  @Override
  public InputStream openRange(long first, long count) throws IOException {
    ensureReadable();
    if (rangeOpened || position() > 0) {
      return null;
    }
    ChunkedRange.checkInside(first, count, manifest.bodyLength());
    rangeOpened = true;
    if (first == 0 && count == manifest.bodyLength()) {
      return new FilterInputStream(this) {
        @Override
        public void close() {}
      };
    }
    parted = true;
    int size = manifest.chunkSize();
    int from = (int) (first / size);
    int to = count == 0 ? from - 1 : (int) ((first + count - 1) / size);
    chunks.keepOnly(manifest, from, to);
    byte[] first0 = count > 0 && from == 0 ? chunk : null; // chunk 0, fetched by open
    chunk = null;
    position = 0;
    limit = 0;
    return new ChunkedRange(chunks, manifest, first, count, first0, 0, this::corrupt);
  }

  @Override
  protected int readBody(byte[] b, int off, int len) throws IOException {
    if (parted) {
      throw new IllegalStateException("a range of this body was opened: read that instead");
    }
    if (position == limit) {
      fetchNext(); // there is a next one: the body is not yet all served
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  protected int expectedCrc() {
    return manifest.bodyCrc();
  }

  @Override
  protected String mismatch() {
    return "body checksum mismatch over " + manifest.chunkCount() + " chunks";
  }

  @Override
  protected void onCorrupt(String reason) {
    if (handedOut) {
      onCorrupt.accept(reason);
    }
  }

  @Override
  protected void closeSource() {
    chunk = null;
    onClose.run();
  }

  private void fetchNext() throws IOException {
    int index = next;
    byte[] fetched;
    try {
      fetched = chunks.get(manifest, index);
    } catch (CorruptEntryException e) {
      throw corrupt(e.getMessage());
    }
    int length = manifest.chunkLength(index);
    checksumAhead(fetched, 0, length); // on the last chunk, verifies the body before serving it
    chunk = fetched;
    position = 0;
    limit = length;
    next = index + 1;
  }
}
