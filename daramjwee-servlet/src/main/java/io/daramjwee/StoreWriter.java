package io.daramjwee;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pending write of one entry. Bytes written here become visible only when {@link #commit()}
 * returns; {@link #abort()}, or {@link #close()} without a commit, discards them. So an exception
 * inside try-with-resources can never publish a partial object:
 *
 * <pre>{@code
 * try (StoreWriter w = store.setWithWriter(key, metadata)) {
 *   body.transferTo(w);
 *   w.commit();
 * }
 * }</pre>
 *
 * <p>This class owns the state machine so every store behaves the same: {@code commit},
 * {@code abort} and {@code close} are idempotent in every order; {@code abort} after {@code commit}
 * does not unpublish; a write after either fails; a commit that fails leaves nothing visible.
 * Subclasses implement only the {@code do*} hooks.
 *
 * <p>Thread safety: one thread writes and commits; {@link #abort()} may be called from any thread.
 */
public abstract class StoreWriter extends OutputStream {

  private static final int OPEN = 0;
  private static final int COMMITTING = 1;
  private static final int COMMITTED = 2;
  private static final int ABORTED = 3;

  private final AtomicInteger state = new AtomicInteger(OPEN);

  @Override
  public final void write(int b) throws IOException {
    ensureOpen();
    doWrite(b);
  }

  @Override
  public final void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len > 0) {
      doWrite(b, off, len);
    }
  }

  /**
   * Publishes the written bytes. Returns at once if already committed (or being committed: one
   * thread commits, so a second commit is a caller's mistake, not a second publish).
   *
   * @throws IOException if the write was aborted, or publishing failed (then nothing is visible)
   */
  public final void commit() throws IOException {
    int previous = state.compareAndExchange(OPEN, COMMITTING);
    if (previous == COMMITTED || previous == COMMITTING) {
      return;
    }
    if (previous == ABORTED) {
      throw new IOException("write was aborted; nothing was published");
    }
    boolean published = false;
    try {
      doCommit();
      published = true;
    } finally {
      if (published) {
        state.set(COMMITTED);
      } else {
        state.set(ABORTED);
        doAbort();
      }
    }
  }

  /**
   * Replaces the metadata this write will publish with {@code metadata}, for facts known only once
   * the body is written: its length, a digest of it. Call after the last write and before
   * {@link #commit()}. A store that wrote the metadata ahead of the body patches it in place when
   * {@code metadata} encodes to the same size, and otherwise copies the entry or declines.
   *
   * @return true when the commit will publish {@code metadata}; false when this store cannot
   *     amend (the commit then publishes the metadata the write started with)
   * @throws IOException when the write is already committed or aborted, or the store failed while
   *     amending (the caller should abort)
   */
  public final boolean amendMetadata(Metadata metadata) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    ensureOpen();
    return doAmend(metadata);
  }

  /** Discards the write. No effect after a commit or a previous abort. Never throws. */
  public final void abort() {
    if (state.compareAndSet(OPEN, ABORTED)) {
      doAbort();
    }
  }

  /** Aborts unless committed. */
  @Override
  public final void close() {
    abort();
  }

  /** True once {@link #commit()} has published the write. */
  public final boolean isCommitted() {
    return state.get() == COMMITTED;
  }

  private void ensureOpen() throws IOException {
    if (state.get() != OPEN) {
      throw new IOException("writer is already committed or aborted");
    }
  }

  /** Writes one byte of the body. */
  protected void doWrite(int b) throws IOException {
    doWrite(new byte[] {(byte) b}, 0, 1);
  }

  /** Writes {@code len > 0} bytes of the body. */
  protected abstract void doWrite(byte[] b, int off, int len) throws IOException;

  /**
   * Takes {@code metadata} as what {@link #doCommit()} publishes, or returns false when it cannot.
   * The default cannot; a store that keeps its metadata until commit can always.
   */
  protected boolean doAmend(Metadata metadata) throws IOException {
    return false;
  }

  /** Makes the write visible atomically, or throws and leaves nothing visible. Called once. */
  protected abstract void doCommit() throws IOException;

  /**
   * Releases what the write holds (buffers, temp files, multipart uploads). Called at most once,
   * also after a failed {@link #doCommit()}. May run on another thread while {@link #doWrite} is
   * still in progress on the writing thread, so it must leave that thread a clean failure (an
   * {@code IOException} on its next write), never a corrupt state. Must not throw: log instead.
   */
  protected abstract void doAbort();
}
