package io.daramjwee;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A served body whose store wants it read whole ({@link RangeReadable#wholeReadWanted}): opening
 * a range of it schedules that read in the background ({@link WholeReads}), so an entry only ever
 * read in ranges still gets what a whole read earns it. Everything else passes straight through,
 * a file region included. Used by the one reading thread.
 */
final class WholeReadOnRange extends FilterInputStream implements RangeReadable, FileRegion.Backed {

  private final Runnable later;

  /**
   * @param body the store's body, a {@link RangeReadable}
   * @param later schedules the background whole read
   */
  WholeReadOnRange(InputStream body, Runnable later) {
    super(body);
    this.later = later;
  }

  @Override
  public InputStream openRange(long first, long count) throws IOException {
    InputStream part = ((RangeReadable) in).openRange(first, count);
    if (part != null) {
      later.run();
    }
    return part;
  }

  @Override
  public FileRegion fileRegion() {
    return in instanceof FileRegion.Backed backed ? backed.fileRegion() : null;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    return in.transferTo(out);
  }
}
