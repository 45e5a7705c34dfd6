package io.daramjwee.purge;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of the {@link PurgeJournal} SPI, for fault injection, over a real journal: every method
 * fails while {@link #failing} is set, and {@link #load()} alone while {@link #failingLoads} is
 * (a journal that takes appends but cannot be read back). It counts the compactions asked of it.
 * Thread-safe.
 */
final class FaultyJournal implements PurgeJournal {

  private final PurgeJournal real;
  /** When set, every method but {@link #describe()} and {@link #close()} fails. */
  volatile boolean failing;
  /** When set, {@link #load()} fails. */
  volatile boolean failingLoads;
  /** Loads asked of this journal, failed or not. */
  final AtomicInteger loads = new AtomicInteger();
  /** Compactions asked of this journal, failed or not. */
  final AtomicInteger compactions = new AtomicInteger();

  FaultyJournal(PurgeJournal real) {
    this.real = real;
  }

  @Override
  public List<PurgeMark> load() throws IOException {
    loads.incrementAndGet();
    check();
    if (failingLoads) {
      throw new IOException("injected: unreadable sector");
    }
    return real.load();
  }

  @Override
  public void append(PurgeMark mark) throws IOException {
    check();
    real.append(mark);
  }

  @Override
  public void compact(Collection<PurgeMark> live) throws IOException {
    compactions.incrementAndGet();
    check();
    real.compact(live);
  }

  @Override
  public String describe() {
    return "faulty " + real.describe();
  }

  @Override
  public void close() throws IOException {
    real.close();
  }

  private void check() throws IOException {
    if (failing) {
      throw new IOException("injected: disk full");
    }
  }
}
