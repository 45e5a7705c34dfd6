package io.daramjwee.store.s3;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Exactly {@code count} bytes of a ranged GET's response, then end of stream. A response that
 * ends sooner is a broken transfer, an {@link IOException} naming the object. Closing it once all
 * was read returns the connection to the pool; closing it before aborts the connection instead
 * of draining the rest.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class PartStream extends InputStream {

  private final ResponseInputStream<?> in;
  private final VerifiedObjectStream.Failure failure;
  private final long count;
  private long left;
  private boolean closed;

  /**
   * @param in a response of exactly {@code count} bytes; owned: closed or aborted by
   *     {@link #close}
   */
  PartStream(ResponseInputStream<?> in, long count, VerifiedObjectStream.Failure failure) {
    this.in = in;
    this.count = count;
    this.left = count;
    this.failure = failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    if (left == 0) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, left));
    } catch (IOException | SdkException e) {
      throw failure.of(e);
    }
    if (n < 0) {
      throw failure.of(new IOException("the response ended after " + (count - left) + " of its "
          + count + " bytes"));
    }
    left -= n;
    return n;
  }

  @Override
  public int available() throws IOException {
    if (closed) {
      return 0;
    }
    try {
      return (int) Math.min(in.available(), left);
    } catch (IOException | SdkException e) {
      throw failure.of(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (left > 0) {
      in.abort();
      return;
    }
    try {
      in.close(); // all of it read: the connection goes back to the pool
    } catch (IOException | SdkException e) {
      throw failure.of(e);
    }
  }
}
