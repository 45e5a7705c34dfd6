package io.daramjwee.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every byte its reader consumes from a source into a sink, and tells a {@link Listener}
 * once whether the sink received the whole body. This is how a cache fill rides along a response:
 * the caller reads as usual and the cache write commits only when the caller reached EOF.
 *
 * <p>A sink failure never reaches the reader: the error goes to the listener, teeing stops, and
 * the reader keeps getting the source's bytes. A source failure goes to both.
 *
 * <p>Bytes skipped with {@link #skip} are read and teed too. This class extends {@code
 * InputStream}, not {@code FilterInputStream}, so that {@code readAllBytes}, {@code readNBytes},
 * {@code transferTo} and {@code skipNBytes} inherit the JDK defaults, which all read through
 * {@link #read(byte[], int, int)}; a delegating override would bypass the sink.
 *
 * <p>Not safe for concurrent reads, like any stream. {@link #close} may race a read from another
 * thread; the listener still hears exactly one outcome.
 */
public final class TeeInputStream extends InputStream {

  /**
   * Hears how the tee ended: exactly one of the two methods is called, exactly once. Calls come
   * on the thread that read or closed the stream. A {@code RuntimeException} thrown here is
   * logged and does not reach the reader.
   */
  public interface Listener {

    /**
     * The source reached EOF and the sink took every byte. Called before the read that saw EOF
     * returns, so the reader observes EOF only after this has run.
     */
    void onComplete();

    /**
     * The sink did not get the whole body. {@code causeOrNull} is the sink's or the source's
     * exception, or {@code null} when the stream was closed before EOF.
     */
    void onIncomplete(Throwable causeOrNull);
  }

  private static final Logger log = LoggerFactory.getLogger(TeeInputStream.class);
  private static final int SKIP_BUFFER_SIZE = 8192;

  private final InputStream source;
  private final OutputStream sink;
  private final Listener listener;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean teeing = true;

  /**
   * @param source where the bytes come from; closed by {@link #close}
   * @param sink where copies go; never closed here, since the listener owns it
   * @param listener told once how the tee ended
   */
  public TeeInputStream(InputStream source, OutputStream sink, Listener listener) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    int b;
    try {
      b = source.read();
    } catch (Throwable e) {
      finish(false, e);
      throw e;
    }
    if (b < 0) {
      finish(true, null);
      return -1;
    }
    if (teeing) {
      try {
        sink.write(b);
      } catch (IOException | RuntimeException e) {
        sinkFailed(e);
      }
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    int n;
    try {
      n = source.read(b, off, len);
    } catch (Throwable e) {
      finish(false, e);
      throw e;
    }
    if (n < 0) {
      finish(true, null);
      return -1;
    }
    if (teeing && n > 0) {
      try {
        sink.write(b, off, n);
      } catch (IOException | RuntimeException e) {
        sinkFailed(e);
      }
    }
    return n;
  }

  /** Reads and tees up to {@code n} bytes, discarding them; the sink still gets them. */
  @Override
  public long skip(long n) throws IOException {
    ensureOpen();
    if (n <= 0) {
      return 0;
    }
    byte[] scratch = new byte[(int) Math.min(n, SKIP_BUFFER_SIZE)];
    long remaining = n;
    while (remaining > 0) {
      int r = read(scratch, 0, (int) Math.min(remaining, scratch.length));
      if (r < 0) {
        break;
      }
      remaining -= r;
    }
    return n - remaining;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    return source.available();
  }

  /** Mark and reset would replay bytes into the sink, so they are not offered. */
  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Closes the source (not the sink) and, unless an outcome was already reported, tells the
   * listener {@code onIncomplete(null)}, even when closing the source fails. Idempotent.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      source.close();
    } finally {
      finish(false, null);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed.get()) {
      throw new IOException("stream closed");
    }
  }

  private void sinkFailed(Exception e) {
    teeing = false;
    finish(false, e);
  }

  private void finish(boolean complete, Throwable cause) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    teeing = false;
    try {
      if (complete) {
        listener.onComplete();
      } else {
        listener.onIncomplete(cause);
      }
    } catch (RuntimeException e) {
      // The reader's bytes are fine; only the copy is lost, and the listener owns that outcome.
      log.warn("tee listener {} failed in {}", listener, complete ? "onComplete" : "onIncomplete",
          e);
    }
  }
}
