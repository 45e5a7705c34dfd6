package io.daramjwee;

import io.daramjwee.internal.OnCloseInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The body of a stale answer: the entry's stream, whose close schedules the entry's refresh
 * ({@link OnCloseInputStream}), and which passes a range or a file region on to the store's
 * stream, so a stale answer is read and sent as a fresh one is. Used by the one reading thread.
 */
final class StaleBody extends FilterInputStream implements RangeReadable, FileRegion.Backed {

  private final InputStream body;

  /**
   * @param body the entry's body, as the store or the {@link Promoter} gave it
   * @param refresh run once, when this stream is closed
   */
  StaleBody(InputStream body, Runnable refresh) {
    super(new OnCloseInputStream(body, refresh));
    this.body = body;
  }

  @Override
  public InputStream openRange(long first, long count) throws IOException {
    return body instanceof RangeReadable ranged ? ranged.openRange(first, count) : null;
  }

  @Override
  public FileRegion fileRegion() {
    return body instanceof FileRegion.Backed backed ? backed.fileRegion() : null;
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    return in.transferTo(out);
  }
}
