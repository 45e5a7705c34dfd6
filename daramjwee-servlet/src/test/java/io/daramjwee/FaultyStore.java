package io.daramjwee;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fault injection, not a fake: wraps a real store and makes chosen operations throw (to prove the
 * engine fails open) or wait at a gate (to force an interleaving). Everything it does not break goes to the real store. Thread-safe.
 */
final class FaultyStore implements Store {

  final AtomicBoolean failReads = new AtomicBoolean();
  final AtomicBoolean failWriterCreation = new AtomicBoolean();
  final AtomicBoolean failWrites = new AtomicBoolean();
  final AtomicBoolean failCommits = new AtomicBoolean();
  /** When set, commits wait for it; {@link #commitWaiting} counts down as one starts waiting. */
  volatile CountDownLatch commitGate;
  final CountDownLatch commitWaiting = new CountDownLatch(1);
  private final Store delegate;

  FaultyStore(Store delegate) {
    this.delegate = delegate;
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    if (failReads.get()) {
      throw new IOException("injected read failure");
    }
    return delegate.getStream(key);
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    if (failWriterCreation.get()) {
      throw new IOException("injected disk full");
    }
    StoreWriter real = delegate.setWithWriter(key, metadata);
    return new StoreWriter() {
      @Override
      protected void doWrite(byte[] b, int off, int len) throws IOException {
        if (failWrites.get()) {
          throw new IOException("injected write failure");
        }
        real.write(b, off, len);
      }

      @Override
      protected boolean doAmend(Metadata metadata) throws IOException {
        return real.amendMetadata(metadata);
      }

      @Override
      protected void doCommit() throws IOException {
        if (failCommits.get()) {
          throw new IOException("injected commit failure");
        }
        CountDownLatch gate = commitGate;
        if (gate != null) {
          commitWaiting.countDown();
          try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
              throw new IOException("test commit gate never opened");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
        real.commit();
      }

      @Override
      protected void doAbort() {
        real.abort();
      }
    };
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public Metadata stat(String key) throws IOException {
    if (failReads.get()) {
      throw new IOException("injected read failure");
    }
    return delegate.stat(key);
  }

  @Override
  public String toString() {
    return "FaultyStore(" + delegate + ")";
  }
}
