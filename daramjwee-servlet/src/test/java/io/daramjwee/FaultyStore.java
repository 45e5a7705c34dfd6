package io.daramjwee;

import io.daramjwee.testing.ForwardingStore;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fault injection, not a fake: wraps a real store and makes chosen operations throw (to prove the
 * engine fails open) or wait at a gate (to force an interleaving). Everything it does not break
 * goes to the real store. Thread-safe.
 */
final class FaultyStore extends ForwardingStore {

  final AtomicBoolean failReads = new AtomicBoolean();
  final AtomicBoolean failWriterCreation = new AtomicBoolean();
  final AtomicBoolean failWrites = new AtomicBoolean();
  final AtomicBoolean failCommits = new AtomicBoolean();
  /** When set, commits wait for it; {@link #commitWaiting} counts down as one starts waiting. */
  volatile CountDownLatch commitGate;
  final CountDownLatch commitWaiting = new CountDownLatch(1);

  FaultyStore(Store delegate) {
    super(delegate);
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    if (failReads.get()) {
      throw new IOException("injected read failure");
    }
    return super.getStream(key);
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    if (failWriterCreation.get()) {
      throw new IOException("injected disk full");
    }
    return new Writer(super.setWithWriter(key, metadata)) {
      @Override
      protected void doWrite(byte[] b, int off, int len) throws IOException {
        if (failWrites.get()) {
          throw new IOException("injected write failure");
        }
        super.doWrite(b, off, len);
      }

      @Override
      protected void doCommit() throws IOException {
        if (failCommits.get()) {
          throw new IOException("injected commit failure");
        }
        awaitCommitGate();
        super.doCommit();
      }
    };
  }

  @Override
  public Metadata stat(String key) throws IOException {
    if (failReads.get()) {
      throw new IOException("injected read failure");
    }
    return super.stat(key);
  }

  private void awaitCommitGate() throws IOException {
    CountDownLatch gate = commitGate;
    if (gate == null) {
      return;
    }
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
}
