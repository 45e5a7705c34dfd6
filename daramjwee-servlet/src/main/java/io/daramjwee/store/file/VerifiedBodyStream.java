package io.daramjwee.store.file;

import io.daramjwee.CorruptEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Streams a body too large to verify before it is returned, checking its CRC32C on the way. The
 * read that would deliver the body's last bytes instead throws {@link CorruptEntryException} if the
 * checksum does not match, and so does a read that finds the file shorter than its body: a caller
 * never receives a complete body that is wrong, even one that stops reading at the known length
 * without waiting for end of stream. {@code skip} reads the skipped bytes (through
 * {@link InputStream#skip}'s default), so they are checked too.
 *
 * <p>Reads are positional and go straight into the caller's array, one copy from the page cache as
 * with {@code Files.newInputStream}.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class VerifiedBodyStream extends InputStream {

  private final FileChannel channel;
  private final long end;
  private final int expectedCrc;
  private final Runnable onCorrupt;
  private final CRC32C crc = new CRC32C();
  private long position;
  private byte[] single;
  private boolean closed;
  private String failure; // set once the body is known to be corrupt; every later read fails

  /**
   * @param channel read from {@code offset} for {@code length} bytes; owned: closed by
   *     {@link #close}
   * @param onCorrupt run once when the body proves corrupt, before the read throws
   */
  VerifiedBodyStream(FileChannel channel, long offset, long length, int expectedCrc,
      Runnable onCorrupt) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + length;
    this.expectedCrc = expectedCrc;
    this.onCorrupt = onCorrupt;
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
      verify(); // only an empty body gets here unverified
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
    if (n < 0) {
      throw corrupt("file ends at byte " + position + ", before its body's end at " + end);
    }
    crc.update(b, off, n);
    position += n;
    if (position == end) {
      verify();
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    ensureReadable();
    return (int) Math.min(end - position, Integer.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  private void verify() throws CorruptEntryException {
    if ((int) crc.getValue() != expectedCrc) {
      throw corrupt("body checksum mismatch");
    }
  }

  private CorruptEntryException corrupt(String message) {
    if (failure == null) {
      failure = message;
      onCorrupt.run();
    }
    return new CorruptEntryException(message);
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
