package io.daramjwee.spring.actuate;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.memory.MemoryStore;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A fault-injecting store for the health tests, in the manner of OkHttp's {@code FaultyFileSystem}:
 * a memory store whose {@code stat} fails while {@link #failing} is set, or blocks until
 * {@link #release} while {@link #hanging} is set. Every other operation is the memory store's.
 * Thread-safe.
 */
final class HealthFaultyStore implements Store {

  private final Store delegate = MemoryStore.builder().capacity(1 << 20).build();
  private final CountDownLatch released = new CountDownLatch(1);
  volatile boolean failing;
  volatile boolean hanging;

  @Override
  public Metadata stat(String key) throws IOException {
    if (failing) {
      throw new IOException("injected: the disk is gone");
    }
    if (hanging) {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return delegate.stat(key);
  }

  /** Lets a hanging {@code stat} return. */
  void release() {
    released.countDown();
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
  public String toString() {
    return "HealthFaultyStore";
  }
}
