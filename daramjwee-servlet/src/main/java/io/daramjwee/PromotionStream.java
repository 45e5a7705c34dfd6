package io.daramjwee;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * A lower tier's body whose promotion is due, deciding on the caller's first move how it
 * promotes: a read (or skip) starts the tee into the tier above, which publishes when the caller
 * reads to the end, as every promotion did; a {@link #openRange range} reads only the part from
 * the store and leaves the promotion to the background, where the whole body is read once, so an
 * entry that is only ever read in ranges (a video) still moves up. A caller that sends the body as
 * a {@link FileRegion} instead of reading it promotes the same way. Closing it unread releases the
 * ticket. Used by the one reading thread.
 */
final class PromotionStream extends InputStream implements RangeReadable, FileRegion.Backed {

  private final InputStream body;
  private final Supplier<InputStream> tee;
  private final Runnable release;
  private final Runnable later;
  private InputStream reading; // null until the first move

  /**
   * @param body the lower tier's body, as the store opened it
   * @param tee opens the promotion's tee over {@code body} (consuming the ticket), or returns
   *     {@code body} itself when the tier above cannot take the write
   * @param release releases the ticket, when the caller's first move is not a full read
   * @param later schedules the background promotion, when the caller reads a range
   */
  PromotionStream(InputStream body, Supplier<InputStream> tee, Runnable release,
      Runnable later) {
    this.body = body;
    this.tee = tee;
    this.release = release;
    this.later = later;
  }

  @Override
  public InputStream openRange(long first, long count) throws IOException {
    if (reading != null) {
      return null; // already reading whole: the caller skips through the tee
    }
    promoteLater();
    return body instanceof RangeReadable ranged ? ranged.openRange(first, count) : null;
  }

  /** The store's region, when it offers one; then the promotion goes to the background. */
  @Override
  public FileRegion fileRegion() {
    if (reading != null || !(body instanceof FileRegion.Backed backed)) {
      return null;
    }
    FileRegion region = backed.fileRegion();
    if (region != null) {
      promoteLater();
    }
    return region;
  }

  private void promoteLater() {
    reading = body;
    release.run();
    later.run();
  }

  private InputStream reading() {
    if (reading == null) {
      reading = tee.get();
    }
    return reading;
  }

  @Override
  public int read() throws IOException {
    return reading().read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return reading().read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return reading().skip(n);
  }

  @Override
  public int available() throws IOException {
    return reading == null ? body.available() : reading.available();
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    return reading().transferTo(out);
  }

  @Override
  public void close() throws IOException {
    if (reading == null) {
      reading = body;
      try {
        body.close();
      } finally {
        release.run();
      }
      return;
    }
    reading.close();
  }
}
