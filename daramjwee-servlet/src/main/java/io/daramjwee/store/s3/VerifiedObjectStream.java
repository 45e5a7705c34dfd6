package io.daramjwee.store.s3;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.RangeReadable;
import io.daramjwee.internal.ChecksummedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Streams the body of an object whose first bytes (its head, and perhaps the start of its body)
 * were already read, checking its CRC32C on the way (see {@link ObjectFrame}); or opens just a part
 * of the body ({@link #openRange}), reading from S3 no more than that part.
 *
 * <p>The first read opens the rest of the object, everything behind the bytes already read, with
 * one ranged GET of the {@linkplain OpenedObject version opened}, and the body is served from the
 * bytes in hand and then from that response. Nothing is asked of S3 before the caller's first
 * move, so a caller that wants only a range never has a response of the whole object streaming
 * towards it. The read that would deliver the body's last bytes first reads the trailer behind
 * them and instead throws {@link CorruptEntryException} if the trailer or the checksum disagrees:
 * a caller never receives a complete body that is wrong. {@code skip} reads the skipped bytes
 * (through {@link InputStream#skip}'s default), so they are checked too.
 * {@link ChecksummedInputStream} counts and checks; this class brings the bytes and the trailer.
 *
 * <p>A part is served from the bytes in hand where it lies among them, and otherwise by one ranged
 * GET of just the rest of it. A part is not checked against the body's checksum, which covers the
 * whole body only (see {@link RangeReadable}); the engine's background promotion of a part read
 * from a lower tier reads the whole body, and removes it if it proves corrupt.
 *
 * <p>A transfer that breaks off, and an object replaced or deleted after it was opened and before
 * the first read (the later GET then finds no object of the version opened), are
 * {@link IOException}s naming the bucket and key, not a corrupt object: no byte of another version
 * is served. Closing before the end aborts the connection instead of draining the rest of a large
 * body.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class VerifiedObjectStream extends ChecksummedInputStream implements RangeReadable {

  /** Turns a failure of the underlying stream into an IOException naming the object. */
  interface Failure {
    IOException of(Exception cause);
  }

  private final OpenedObject object;
  private final byte[] first; // the object's bytes [0, first.length): head, then maybe more
  private final int headLength;
  private final long bodyLength;
  private final Runnable onCorrupt;
  private long at; // the object's offset of the next byte read from the source
  private InputStream rest; // the object's bytes [first.length, length), from the first read on
  private boolean ranged;

  /**
   * @param first the object's first bytes, at least its head
   * @param onCorrupt run once when the object proves corrupt, before the read throws
   */
  VerifiedObjectStream(OpenedObject object, byte[] first, int headLength, Runnable onCorrupt) {
    super(object.length() - headLength - ObjectFrame.TRAILER_LENGTH, CorruptEntryException::new);
    this.object = object;
    this.first = first;
    this.headLength = headLength;
    this.bodyLength = object.length() - headLength - ObjectFrame.TRAILER_LENGTH;
    this.onCorrupt = onCorrupt;
    this.at = headLength;
  }

  /**
   * Bytes {@code [first, first + count)} of the body: from the bytes in hand where the part lies
   * among them, the rest by one ranged GET of that version of the object. Declines once the body
   * is being read.
   *
   * @throws IOException when the part lies beyond the body, or the GET fails (the object was
   *     replaced or deleted meanwhile, or S3 failed)
   */
  @Override
  public InputStream openRange(long first, long count) throws IOException {
    if (first < 0 || count < 0) {
      throw new IllegalArgumentException("range " + first + "+" + count + " is negative");
    }
    ensureReadable();
    if (rest != null || position() > 0 || ranged) {
      return null;
    }
    if (first > bodyLength || count > bodyLength - first) {
      throw object.failure(new IOException("range " + first + "+" + count
          + " lies beyond the body's " + bodyLength + " bytes"));
    }
    ranged = true;
    long start = headLength + first;
    long end = start + count;
    InputStream inHand = null;
    if (start < this.first.length) {
      inHand = new ByteArrayInputStream(this.first, (int) start,
          (int) (Math.min(end, this.first.length) - start));
    }
    if (end <= this.first.length) {
      return inHand != null ? inHand : InputStream.nullInputStream();
    }
    long from = Math.max(start, this.first.length);
    InputStream fetched = object.part(from, end - from);
    return inHand == null ? fetched : new SequenceInputStream(inHand, fetched);
  }

  @Override
  protected int readBody(byte[] b, int off, int len) throws IOException {
    return readObject(b, off, len);
  }

  @Override
  protected IOException sourceEnded(long position) {
    return object.failure(new IOException("the response ended at body byte " + position + " of "
        + bodyLength + ", before its Content-Length"));
  }

  /** Reads the trailer behind the body. */
  @Override
  protected int expectedCrc() throws IOException {
    byte[] trailer = new byte[ObjectFrame.TRAILER_LENGTH];
    for (int n = 0; n < trailer.length; ) {
      int read = readObject(trailer, n, trailer.length - n);
      if (read < 0) {
        throw object.failure(new IOException("the response ended inside the trailer"));
      }
      n += read;
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

  /** Closes a response read to its end, aborts one that was not; no response, nothing to do. */
  @Override
  protected void closeSource() throws IOException {
    if (rest != null) {
      rest.close();
    }
  }

  /**
   * The object's next bytes: those in hand, then the rest's. The rest is opened by the first
   * read, even one served from the bytes in hand, so that a reader that began reading keeps its
   * version when the key is replaced.
   */
  private int readObject(byte[] b, int off, int len) throws IOException {
    if (rest == null) {
      rest = object.part(first.length, object.length() - first.length);
    }
    if (at < first.length) {
      int n = (int) Math.min(len, first.length - at);
      System.arraycopy(first, (int) at, b, off, n);
      at += n;
      return n;
    }
    int n = rest.read(b, off, len);
    if (n > 0) {
      at += n;
    }
    return n;
  }
}
