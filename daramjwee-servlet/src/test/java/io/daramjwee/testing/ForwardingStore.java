package io.daramjwee.testing;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.util.Objects;

/**
 * A store that hands every call to another store, in the spirit of Guava's
 * {@code ForwardingObject}: a test wrapper (a fault, a gate, a journal of keys) extends it and
 * overrides only the calls it changes, so a call it does not mention, the {@link Store} defaults
 * included, reaches the real store exactly as it would without the wrapper. {@link Writer} does
 * the same for the writer a store hands out.
 *
 * <p>Thread-safe as the delegate is; a subclass that adds state keeps it thread-safe.
 */
public abstract class ForwardingStore implements Store {

  private final Store delegate;

  protected ForwardingStore(Store delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store every call goes to unless a subclass says otherwise. */
  protected final Store delegate() {
    return delegate;
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    return delegate.getStream(key);
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    return delegate.setWithWriter(key, metadata);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public Metadata stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public String hotTierRefusal() {
    return delegate.hotTierRefusal();
  }

  @Override
  public boolean survivesRestart() {
    return delegate.survivesRestart();
  }

  @Override
  public long capacity() {
    return delegate.capacity();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  /** {@code Name(delegate)}; an anonymous subclass is named {@code ForwardingStore}. */
  @Override
  public String toString() {
    String name = getClass().getSimpleName();
    return (name.isEmpty() ? "ForwardingStore" : name) + "(" + delegate + ")";
  }

  /**
   * A writer that hands every hook to another store's writer, so a wrapper's writer overrides
   * only the hooks it changes. The {@link StoreWriter} base keeps this writer's own state machine
   * (idempotent commit, abort and close; a failed commit aborts), and each hook calls the matching
   * public method of the delegate, so the delegate runs its state machine too. A single-byte
   * write reaches {@link #doWrite(byte[], int, int)}, so overriding that one sees every byte.
   *
   * <p>Thread safety as {@link StoreWriter}'s: one thread writes and commits, any thread aborts.
   */
  public abstract static class Writer extends StoreWriter {

    private final StoreWriter delegate;

    /** A writer whose every hook goes to {@code delegate} unless a subclass says otherwise. */
    protected Writer(StoreWriter delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    protected void doWrite(byte[] b, int off, int len) throws IOException {
      delegate.write(b, off, len);
    }

    @Override
    protected boolean doAmend(Metadata metadata) throws IOException {
      return delegate.amendMetadata(metadata);
    }

    @Override
    protected void doCommit() throws IOException {
      delegate.commit();
    }

    @Override
    protected void doAbort() {
      delegate.abort();
    }
  }
}
