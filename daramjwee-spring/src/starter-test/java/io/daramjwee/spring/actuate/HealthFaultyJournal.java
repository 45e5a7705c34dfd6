package io.daramjwee.spring.actuate;

import io.daramjwee.purge.FilePurgeJournal;
import io.daramjwee.purge.PurgeJournal;
import io.daramjwee.purge.PurgeMark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A fake of the {@link PurgeJournal} SPI for fault injection in the health tests, over a real
 * {@link FilePurgeJournal}: {@code load} fails while {@link #failingLoads} is set, {@code append}
 * and {@code compact} while {@link #failingWrites} is. The real journal's own faults are tested
 * on real files in daramjwee-servlet. Thread-safe.
 */
final class HealthFaultyJournal implements PurgeJournal {

  private final PurgeJournal real;
  volatile boolean failingLoads;
  volatile boolean failingWrites;

  HealthFaultyJournal(Path directory) throws IOException {
    this.real = FilePurgeJournal.in(directory);
  }

  @Override
  public List<PurgeMark> load() throws IOException {
    if (failingLoads) {
      throw new IOException("injected: unreadable sector");
    }
    return real.load();
  }

  @Override
  public void append(PurgeMark mark) throws IOException {
    if (failingWrites) {
      throw new IOException("injected: disk full");
    }
    real.append(mark);
  }

  @Override
  public void compact(Collection<PurgeMark> live) throws IOException {
    if (failingWrites) {
      throw new IOException("injected: disk full");
    }
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
}
