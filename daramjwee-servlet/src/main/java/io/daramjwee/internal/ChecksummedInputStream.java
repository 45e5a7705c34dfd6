package io.daramjwee.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * Streams a body of known length whose checksum can be checked only once all of it has arrived:
 * every byte is counted and added to a CRC32C as it arrives from the source, and the read during
 * which the body's last byte arrives compares the sum with the {@linkplain #expectedCrc expected}
 * one before it returns, and throws instead if the body proves corrupt. So a caller never receives
 * a complete body that is wrong, even one that stops reading at the known length without waiting
 * for end of stream. {@code skip} reads the skipped bytes (through {@link InputStream#skip}'s
 * default), so they are checked too.
 *
 * <p>A subclass brings the source ({@link #readBody}) and the expected checksum, and says what a
 * corrupt body means: the exception a read fails with (given to the constructor) and what to do
 * about it, once ({@link #onCorrupt}): remove the entry, count it. Once the body is known to be
 * corrupt, every later read fails the same way.
 *
 * <p>A source that reads straight into the caller's array needs to do nothing more: the bytes
 * {@link #readBody} returns are checksummed there, with no copy of the body and no allocation per
 * read. A source that takes the body in blocks and serves from them hands each block to
 * {@link #checksumAhead} as it takes it in, so the block that completes the body is checked before
 * any of it is served.
 *
 * <p>Not thread-safe: one reader at a time. {@link #close} is idempotent.
 */
public abstract class ChecksummedInputStream extends InputStream {

  private final long length;
  private final Function<String, ? extends IOException> corruption;
  private final CRC32C crc = new CRC32C();
  private long position; // served
  private long checksummed; // arrived from the source; at least position
  private byte[] single;
  private boolean verified;
  private boolean closed;
  private String failure; // set once the body is known to be corrupt; every later read fails

  /**
   * A stream over a body of {@code length} bytes.
   *
   * @param corruption the exception a read of a corrupt body fails with, from the reason
   */
  protected ChecksummedInputStream(long length,
      Function<String, ? extends IOException> corruption) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    this.length = length;
    this.corruption = Objects.requireNonNull(corruption, "corruption");
  }

  @Override
  public final int read() throws IOException {
    if (single == null) {
      single = new byte[1];
    }
    return read(single, 0, 1) == -1 ? -1 : single[0] & 0xff;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureReadable();
    if (len == 0) {
      return 0;
    }
    if (position == length) {
      // Only an empty body, or one whose check broke off with an I/O error, gets here unverified.
      verifyOnce();
      return -1;
    }
    int n = readBody(b, off, (int) Math.min(len, length - position));
    if (n < 0) {
      throw sourceEnded(position);
    }
    long arrived = position + n - checksummed; // the tail of b that no block brought in ahead
    if (arrived > 0) {
      crc.update(b, off + n - (int) arrived, (int) arrived);
      checksummed += arrived;
    }
    position += n;
    if (checksummed == length) {
      verifyOnce();
    }
    return n;
  }

  /** Closes the source ({@link #closeSource}) the first time; later calls do nothing. */
  @Override
  public final void close() throws IOException {
    if (!closed) {
      closed = true;
      closeSource();
    }
  }

  /** The body's bytes handed out so far. */
  protected final long position() {
    return position;
  }

  /** The body's bytes not yet handed out. */
  protected final long remaining() {
    return length - position;
  }

  /** True once the whole body arrived and matched its checksum. */
  protected final boolean verified() {
    return verified;
  }

  /**
   * Fails when the stream is closed, or the body is known to be corrupt; for a subclass's
   * {@code available}.
   */
  protected final void ensureReadable() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failure != null) {
      throw corruption.apply(failure);
    }
  }

  /**
   * Marks the body corrupt for {@code reason}: runs {@link #onCorrupt} the first time, and returns
   * the exception to throw. Every later read fails with the exception of the first reason.
   */
  protected final IOException corrupt(String reason) {
    if (failure == null) {
      failure = reason;
      onCorrupt(reason);
    }
    return corruption.apply(reason);
  }

  /**
   * Adds {@code buf[off, off+len)}, the next bytes of the body, which the source took in ahead of
   * serving them, to the checksum now; when they complete the body, checks it before returning.
   * Called in body order; {@link #readBody} then serves those bytes without their being counted
   * again.
   *
   * @throws IllegalStateException when the bytes would run past the body's length
   */
  protected final void checksumAhead(byte[] buf, int off, int len) throws IOException {
    if (len > length - checksummed) {
      throw new IllegalStateException(len + " bytes ahead run past the body's length " + length
          + " at " + checksummed);
    }
    crc.update(buf, off, len);
    checksummed += len;
    if (checksummed == length) {
      verifyOnce();
    }
  }

  /**
   * Reads {@code 1 <= len <= }{@link #remaining()} bytes of the body into {@code b[off, off+len)}.
   *
   * @return how many it read, at least 1, or -1 when the source ended before the body's length
   */
  protected abstract int readBody(byte[] b, int off, int len) throws IOException;

  /**
   * What a read throws when the source ended at body byte {@code position}, short of the length.
   * The default takes the body for {@linkplain #corrupt corrupt}; a source whose short end can be a
   * broken transfer rather than a damaged entry says so with a plain {@link IOException}.
   */
  protected IOException sourceEnded(long position) {
    return corrupt("the body ends at byte " + position + ", before its length " + length);
  }

  /**
   * The body's CRC32C as stored, asked once all of the body has arrived (so a source may read it
   * from a trailer behind the body). Throws {@link #corrupt} when what it holds is itself damaged,
   * or a plain {@link IOException} when it cannot be read (then a later read at the end asks
   * again).
   */
  protected abstract int expectedCrc() throws IOException;

  /** Why the body is corrupt when its checksum does not match. */
  protected String mismatch() {
    return "body checksum mismatch";
  }

  /** Called once, with the first reason, when the body proves corrupt, before the read throws. */
  protected abstract void onCorrupt(String reason);

  /** Releases the source; called once, by the first {@link #close}. */
  protected abstract void closeSource() throws IOException;

  private void verifyOnce() throws IOException {
    if (!verified) {
      if ((int) crc.getValue() != expectedCrc()) {
        throw corrupt(mismatch());
      }
      verified = true;
    }
  }
}
