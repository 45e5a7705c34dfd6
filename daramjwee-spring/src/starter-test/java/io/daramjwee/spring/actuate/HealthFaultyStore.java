package io.daramjwee.spring.actuate;

import io.daramjwee.Metadata;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.ForwardingStore;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A fault-injecting store for the health tests, in the manner of OkHttp's {@code FaultyFileSystem}:
 * a memory store whose {@code stat} fails while {@link #failing} is set, or blocks until
 * {@link #release} while {@link #hanging} is set. Every other operation is the memory store's.
 * Thread-safe.
 */
final class HealthFaultyStore extends ForwardingStore {

  private final CountDownLatch released = new CountDownLatch(1);
  volatile boolean failing;
  volatile boolean hanging;

  HealthFaultyStore() {
    super(MemoryStore.builder().capacity(1 << 20).build());
  }

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
    return super.stat(key);
  }

  /** Lets a hanging {@code stat} return. */
  void release() {
    released.countDown();
  }

  @Override
  public String toString() {
    return "HealthFaultyStore";
  }
}
