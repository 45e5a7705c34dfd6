package io.daramjwee.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action once when the stream is closed, after the wrapped stream is closed, whether or
 * not that close succeeded. Used to release what a reader held (a lock, a coalescing slot, a
 * scheduled refresh) at the moment the reader is done, and not a moment before.
 *
 * <p>Reads, skips and transfers go straight to the wrapped stream, in bulk.
 *
 * <p>{@link #close} is safe to call from any thread and any number of times; the action runs
 * once. Reads are as thread-safe as the wrapped stream.
 */
public final class OnCloseInputStream extends FilterInputStream {

  private static final Logger log = LoggerFactory.getLogger(OnCloseInputStream.class);

  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param in the stream to read; closed by {@link #close}
   * @param onClose run once, after {@code in} is closed; a {@code RuntimeException} it throws is
   *     logged and swallowed
   */
  public OnCloseInputStream(InputStream in, Runnable onClose) {
    super(Objects.requireNonNull(in, "in"));
    this.onClose = Objects.requireNonNull(onClose, "onClose");
  }

  // FilterInputStream.read(byte[], int, int) already delegates; this override just keeps every
  // bulk path visibly one call deep.
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return in.skip(n);
  }

  // FilterInputStream does not override these; the InputStream defaults would copy through a
  // buffer here instead of letting the wrapped stream use its own fast path.
  @Override
  public byte[] readAllBytes() throws IOException {
    return in.readAllBytes();
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    return in.transferTo(out);
  }

  /**
   * Closes the wrapped stream, then runs the action, even when the close threw; the close's
   * exception is then rethrown. Later calls do nothing.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      in.close();
    } finally {
      try {
        onClose.run();
      } catch (RuntimeException e) {
        log.warn("on-close action {} failed", onClose, e);
      }
    }
  }
}
