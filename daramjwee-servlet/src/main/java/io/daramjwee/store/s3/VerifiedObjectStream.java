package io.daramjwee.store.s3;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.internal.ChecksummedInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Streams the body of an object whose head was already read from {@code in}, checking its CRC32C
 * on the way (see {@link ObjectFrame}). The read that would deliver the body's last bytes first
 * reads the trailer behind them and instead throws {@link CorruptEntryException} if the trailer or
 * the checksum disagrees: a caller never receives a complete body that is wrong, even one that
 * stops at the known length without waiting for end of stream. {@code skip} reads the skipped
 * bytes (through {@link InputStream#skip}'s default), so they are checked too.
 * {@link ChecksummedInputStream} counts and checks; this class brings the response and its
 * trailer.
 *
 * <p>A transfer that breaks off is an {@link IOException} naming the bucket and key, not a corrupt
 * object: the stored bytes may be fine. Closing before the end aborts the HTTP connection instead
 * of draining the rest of a large body.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class VerifiedObjectStream extends ChecksummedInputStream {

  /** Turns a failure of the underlying stream into an IOException naming the object. */
  interface Failure {
    IOException of(Exception cause);
  }

  private final ResponseInputStream<?> in;
  private final long bodyLength;
  private final Runnable onCorrupt;
  private final Failure failure;

  /**
   * @param in positioned at the body's first byte; owned: closed or aborted by {@link #close}
   * @param onCorrupt run once when the object proves corrupt, before the read throws
   */
  VerifiedObjectStream(ResponseInputStream<?> in, long bodyLength, Runnable onCorrupt,
      Failure failure) {
    super(bodyLength, CorruptEntryException::new);
    this.in = in;
    this.bodyLength = bodyLength;
    this.onCorrupt = onCorrupt;
    this.failure = failure;
  }

  @Override
  protected int readBody(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException | SdkException e) {
      throw failure.of(e);
    }
  }

  @Override
  protected IOException sourceEnded(long position) {
    return failure.of(new IOException("the response ended at body byte " + position + " of "
        + bodyLength + ", before its Content-Length"));
  }

  /** Reads the trailer behind the body. */
  @Override
  protected int expectedCrc() throws IOException {
    byte[] trailer;
    try {
      trailer = in.readNBytes(ObjectFrame.TRAILER_LENGTH);
    } catch (IOException | SdkException e) {
      throw failure.of(e);
    }
    if (trailer.length < ObjectFrame.TRAILER_LENGTH) {
      throw failure.of(new IOException("the response ended inside the trailer"));
    }
    try {
      return ObjectFrame.bodyCrc(trailer, 0, bodyLength);
    } catch (CorruptEntryException e) {
      throw corrupt(e.getMessage());
    }
  }

  @Override
  protected void onCorrupt(String reason) {
    onCorrupt.run();
  }

  @Override
  protected void closeSource() throws IOException {
    if (verified()) {
      try {
        in.close(); // drained to the trailer: the connection goes back to the pool
      } catch (SdkException e) {
        throw failure.of(e);
      }
    } else {
      in.abort();
    }
  }
}
