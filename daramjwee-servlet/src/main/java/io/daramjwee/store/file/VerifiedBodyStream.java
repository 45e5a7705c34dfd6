package io.daramjwee.store.file;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.internal.ChecksummedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Streams a body too large to verify before it is returned, checking its CRC32C on the way. The
 * read that would deliver the body's last bytes instead throws {@link CorruptEntryException} if the
 * checksum does not match, and so does a read that finds the file shorter than its body: a caller
 * never receives a complete body that is wrong, even one that stops reading at the known length
 * without waiting for end of stream. {@code skip} reads the skipped bytes (through
 * {@link InputStream#skip}'s default), so they are checked too. {@link ChecksummedInputStream}
 * counts and checks; this class brings the file.
 *
 * <p>Reads are positional and go straight into the caller's array, one copy from the page cache as
 * with {@code Files.newInputStream}.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class VerifiedBodyStream extends ChecksummedInputStream {

  private final FileChannel channel;
  private final long offset;
  private final long end;
  private final int expectedCrc;
  private final Runnable onCorrupt;

  /**
   * @param channel read from {@code offset} for {@code length} bytes; owned: closed by
   *     {@link #close}
   * @param onCorrupt run once when the body proves corrupt, before the read throws
   */
  VerifiedBodyStream(FileChannel channel, long offset, long length, int expectedCrc,
      Runnable onCorrupt) {
    super(length, CorruptEntryException::new);
    this.channel = channel;
    this.offset = offset;
    this.end = offset + length;
    this.expectedCrc = expectedCrc;
    this.onCorrupt = onCorrupt;
  }

  @Override
  public int available() throws IOException {
    ensureReadable();
    return (int) Math.min(remaining(), Integer.MAX_VALUE);
  }

  @Override
  protected int readBody(byte[] b, int off, int len) throws IOException {
    return channel.read(ByteBuffer.wrap(b, off, len), offset + position());
  }

  @Override
  protected IOException sourceEnded(long position) {
    return corrupt("file ends at byte " + (offset + position) + ", before its body's end at "
        + end);
  }

  @Override
  protected int expectedCrc() {
    return expectedCrc;
  }

  @Override
  protected void onCorrupt(String reason) {
    onCorrupt.run();
  }

  @Override
  protected void closeSource() throws IOException {
    channel.close();
  }
}
