package io.daramjwee.store.file;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.FileRegion;
import io.daramjwee.RangeReadable;
import io.daramjwee.internal.ChecksummedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

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
 * <p>Before it is read, the stream may offer its body as a {@link FileRegion} instead, when its
 * {@link Owner} (the store) vouches for the file ({@link ZeroCopy}); a stream closed after a read
 * that verified the whole body tells its owner so, which is how a file earns that trust.
 *
 * <p>Before it is read, the stream may also open just a part of its body ({@link #openRange}): a
 * positional read of that part of the file, which the body's checksum cannot cover (see
 * {@link RangeReadable}); a file that proves shorter than the part is corrupt, as for a whole read.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class VerifiedBodyStream extends ChecksummedInputStream
    implements FileRegion.Backed, RangeReadable {

  /** The store's side of one stream: what a corrupt or verified body means, and the region. */
  interface Owner {

    /** The body proved corrupt for {@code reason}; called once, before the read throws. */
    void corrupt(String reason);

    /** The stream was closed after a read verified the whole body. */
    void verified();

    /** The body, bytes {@code [start, start + length)} of the file, as a region, or null. */
    FileRegion region(long start, long length);

    /** Whether a whole read of this stream would certify its file (see {@link #verified}). */
    default boolean certifies() {
      return false;
    }
  }

  private final FileChannel channel;
  private final long offset;
  private final long end;
  private final int expectedCrc;
  private final Owner owner;

  /**
   * @param channel read from {@code offset} for {@code length} bytes; owned: closed by
   *     {@link #close}
   */
  VerifiedBodyStream(FileChannel channel, long offset, long length, int expectedCrc,
      Owner owner) {
    super(length, CorruptEntryException::new);
    this.channel = channel;
    this.offset = offset;
    this.end = offset + length;
    this.expectedCrc = expectedCrc;
    this.owner = owner;
  }

  /** The body as a region of its file, while none of it was read; see {@link Owner#region}. */
  @Override
  public FileRegion fileRegion() {
    return position() == 0 ? owner.region(offset, end - offset) : null;
  }

  /** Bytes {@code [first, first + count)} of the body, read from the file at their place. */
  @Override
  public InputStream openRange(long first, long count) throws IOException {
    ensureReadable();
    long length = end - offset;
    if (position() != 0 || first < 0 || count < 0 || first > length - count) {
      return null;
    }
    return new Part(offset + first, offset + first + count);
  }

  /** True while no read of this process verified the file (or its verification is due again). */
  @Override
  public boolean wholeReadWanted() {
    return owner.certifies();
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
    owner.corrupt(reason);
  }

  @Override
  protected void closeSource() throws IOException {
    channel.close();
    if (verified()) {
      owner.verified();
    }
  }

  /** A part of the body: positional reads of the channel, which the body stream still owns. */
  private final class Part extends InputStream {
    private long at;
    private final long stop;

    Part(long at, long stop) {
      this.at = at;
      this.stop = stop;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (at == stop) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, stop - at)), at);
      if (n < 0) {
        throw corrupt("file ends at byte " + at + ", before its body's end at " + end);
      }
      at += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long step = Math.max(0, Math.min(n, stop - at));
      at += step;
      return step;
    }

    @Override
    public int available() {
      return (int) Math.min(stop - at, Integer.MAX_VALUE);
    }
  }
}
