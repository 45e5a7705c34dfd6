package io.daramjwee.testing;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Fault injection, not a fake: wraps a real store and makes every operation (read, stat, write,
 * delete) throw before reaching it, the way a tier behaves when its disk is gone or its remote
 * service is down. It proves the layers above fail open. The real store is kept so the wrapper
 * stands in exactly where a working tier would, and is closed with it. Thread-safe.
 */
public final class FailingStore extends ForwardingStore {

  /** How the failure surfaces. */
  public enum Failure {
    /** The declared {@link IOException}, as a store reports an I/O error. */
    CHECKED,
    /** An unchecked exception, as an SDK client (the AWS SDK, say) reports a service error. */
    UNCHECKED
  }

  private final Failure failure;

  public FailingStore(Store delegate, Failure failure) {
    super(delegate);
    this.failure = failure;
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    throw fail("getStream");
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    throw fail("setWithWriter");
  }

  @Override
  public void delete(String key) throws IOException {
    throw fail("delete");
  }

  @Override
  public Metadata stat(String key) throws IOException {
    throw fail("stat");
  }

  private IOException fail(String operation) {
    IOException e = new IOException("injected failure of " + operation);
    if (failure == Failure.UNCHECKED) {
      throw new UncheckedIOException(e);
    }
    return e;
  }

  @Override
  public String toString() {
    return "FailingStore(" + failure + ", " + delegate() + ")";
  }
}
