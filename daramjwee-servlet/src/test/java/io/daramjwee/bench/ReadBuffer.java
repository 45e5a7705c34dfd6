package io.daramjwee.bench;

import java.io.IOException;
import java.io.InputStream;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A benchmark thread's read buffer, 16 KiB as a servlet container's output buffer would be, and
 * the drain every read benchmark ends with: the bytes are read and counted, never kept.
 */
@State(Scope.Thread)
public class ReadBuffer {

  private final byte[] bytes = new byte[16 * 1024];

  /** Reads {@code in} to its end; the number of bytes. Does not close it. */
  long drain(InputStream in) throws IOException {
    long total = 0;
    for (int n; (n = in.read(bytes)) != -1; ) {
      total += n;
    }
    return total;
  }
}
