package io.daramjwee.store.s3;

import io.daramjwee.CorruptEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32C;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Streams the body of an object whose head was already read from {@code in}, checking its CRC32C
 * on the way (see {@link ObjectFrame}). The read that would deliver the body's last bytes first
 * reads the trailer behind them and instead throws {@link CorruptEntryException} if the trailer or
 * the checksum disagrees: a caller never receives a complete body that is wrong, even one that
 * stops at the known length without waiting for end of stream. {@code skip} reads the skipped
 * bytes (through {@link InputStream#skip}'s default), so they are checked too.
 *
 * <p>A transfer that breaks off is an {@link IOException} naming the bucket and key, not a corrupt
 * object: the stored bytes may be fine. Closing before the end aborts the HTTP connection instead
 * of draining the rest of a large body.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class VerifiedObjectStream extends InputStream {

  /** Turns a failure of the underlying stream into an IOException naming the object. */
  interface Failure {
    IOException of(Exception cause);
  }

  private final ResponseInputStream<?> in;
  private final long bodyLength;
  private final Runnable onCorrupt;
  private final Failure failure;
  private final CRC32C crc = new CRC32C();
  private long position;
  private byte[] single;
  private boolean verified;
  private boolean closed;
  private String corruption; // set once the body is known to be corrupt; every later read fails

  /**
   * @param in positioned at the body's first byte; owned: closed or aborted by {@link #close}
   * @param onCorrupt run once when the object proves corrupt, before the read throws
   */
  VerifiedObjectStream(ResponseInputStream<?> in, long bodyLength, Runnable onCorrupt,
      Failure failure) {
    this.in = in;
    this.bodyLength = bodyLength;
    this.onCorrupt = onCorrupt;
    this.failure = failure;
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
    if (position == bodyLength) {
      verify(); // only an empty body gets here unverified
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, bodyLength - position));
    } catch (IOException | SdkException e) {
      throw failure.of(e);
    }
    if (n < 0) {
      throw failure.of(new IOException("the response ended at body byte " + position + " of "
          + bodyLength + ", before its Content-Length"));
    }
    crc.update(b, off, n);
    position += n;
    if (position == bodyLength) {
      verify();
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (verified) {
      try {
        in.close(); // drained to the trailer: the connection goes back to the pool
      } catch (SdkException e) {
        throw failure.of(e);
      }
    } else {
      in.abort();
    }
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    byte[] trailer;
    try {
      trailer = in.readNBytes(ObjectFrame.TRAILER_LENGTH);
    } catch (IOException | SdkException e) {
      throw failure.of(e);
    }
    if (trailer.length < ObjectFrame.TRAILER_LENGTH) {
      throw failure.of(new IOException("the response ended inside the trailer"));
    }
    int expected;
    try {
      expected = ObjectFrame.bodyCrc(trailer, 0, bodyLength);
    } catch (CorruptEntryException e) {
      throw corrupt(e.getMessage());
    }
    if ((int) crc.getValue() != expected) {
      throw corrupt("body checksum mismatch");
    }
    verified = true;
  }

  private CorruptEntryException corrupt(String message) {
    if (corruption == null) {
      corruption = message;
      onCorrupt.run();
    }
    return new CorruptEntryException(message);
  }

  private void ensureReadable() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (corruption != null) {
      throw new CorruptEntryException(corruption);
    }
  }
}
