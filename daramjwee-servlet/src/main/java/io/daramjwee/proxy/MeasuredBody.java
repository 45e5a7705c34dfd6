package io.daramjwee.proxy;

import io.daramjwee.Metadata;
import io.daramjwee.http.EtagDigest;
import io.daramjwee.http.ResponseEntries;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A body on its way into the cache that learns, as it is read, what its stored metadata still
 * lacks: its length and, when the upstream sent no {@code ETag}, a digest for one. {@link
 * #complete} fills them in once the body was read to its end (the cache calls it then, as the
 * completion of the {@link io.daramjwee.FetchResult}).
 *
 * <p>Extends {@code InputStream}, not {@code FilterInputStream}, so {@code skip},
 * {@code transferTo} and {@code readAllBytes} keep the JDK defaults that read through {@link
 * #read(byte[], int, int)}: a byte that bypassed the count or the digest would store a wrong
 * length or tag. Not thread-safe: the reading thread reads and completes it; {@link #close} may
 * come from anywhere.
 */
final class MeasuredBody extends InputStream {

  private final InputStream in;
  private final EtagDigest digest; // null when the upstream sent an ETag
  private long length;

  /** Measures {@code in}, digesting it when {@code metadata} waits for a computed tag. */
  MeasuredBody(InputStream in, Metadata metadata) {
    this.in = Objects.requireNonNull(in, "in");
    this.digest = ResponseEntries.needsEtag(metadata) ? new EtagDigest() : null;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      length += n;
      if (digest != null) {
        digest.update(b, off, n);
      }
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** {@code metadata} with the length read and, when one was needed, the computed tag. */
  Metadata complete(Metadata metadata) {
    return ResponseEntries.completed(metadata, length, digest == null ? null : digest.etag());
  }
}
