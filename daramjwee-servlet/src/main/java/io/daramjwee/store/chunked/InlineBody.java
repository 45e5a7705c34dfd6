package io.daramjwee.store.chunked;

import io.daramjwee.RangeReadable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body held inline in its manifest ({@link ChunkManifest#inlineBody}), already checked with the
 * manifest's checksum: reads the stored array, and a part of it ({@link #openRange}) is a view of
 * that part of the array, with no copy.
 *
 * <p>Not thread-safe, as {@link ByteArrayInputStream} is not meant to be shared by readers.
 */
final class InlineBody extends ByteArrayInputStream implements RangeReadable {

  private final int offset;
  private final int length;
  private boolean rangeOpened;

  InlineBody(byte[] raw, int offset, int length) {
    super(raw, offset, length);
    this.offset = offset;
    this.length = length;
  }

  /**
   * A view of the body's bytes {@code [first, first + count)}; {@code null} once a range was
   * opened or a byte read.
   *
   * @throws IOException when the part does not lie inside the body
   */
  @Override
  public synchronized InputStream openRange(long first, long count) throws IOException {
    if (rangeOpened || pos != offset) {
      return null;
    }
    ChunkedRange.checkInside(first, count, length);
    rangeOpened = true;
    return new ByteArrayInputStream(buf, offset + (int) first, (int) count);
  }
}
