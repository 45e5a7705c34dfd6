package io.daramjwee.reliability;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.testing.ForwardingStore;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fault injection, not a fake: a real store on a "device" with {@link #freeBytes} left. Each write
 * reaches the real store's writer until the device is full; the write that overflows it passes on
 * the bytes that still fit and then throws {@code IOException("No space left on device")}, as
 * {@code write(2)} fails with ENOSPC part-way through a file. So the real store is left with a
 * partial write to clean up, exactly as on a full disk. Reads, stats and deletes go through
 * untouched (a full disk still reads), and deletes do not give space back: the fault lasts until
 * the test {@linkplain #clear clears} it.
 *
 * <p>Why a wrapper and not a real full disk: a small quota or a tmpfs needs mount privileges the
 * build lacks, and a directory made read-only does not stop root (the tests run as root here),
 * nor does it fail a write already open, which is the part-way failure worth testing.
 *
 * <p>Thread-safe.
 */
final class DiskFullStore extends ForwardingStore {

  static final String ENOSPC = "No space left on device";

  private final AtomicLong free;
  private final LongAdder refused = new LongAdder();

  /** {@code delegate} on a device with {@code freeBytes} left. */
  DiskFullStore(Store delegate, long freeBytes) {
    super(delegate);
    this.free = new AtomicLong(freeBytes);
  }

  /** The fault clears: the device has room for everything from now on. */
  void clear() {
    free.set(Long.MAX_VALUE);
  }

  /** Bytes left on the device. */
  long freeBytes() {
    return free.get();
  }

  /** Writes that failed with {@link #ENOSPC}. */
  long refusedWrites() {
    return refused.sum();
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    return new Writer(super.setWithWriter(key, metadata)) {
      @Override
      protected void doWrite(byte[] b, int off, int len) throws IOException {
        int fits = (int) take(len);
        if (fits > 0) {
          super.doWrite(b, off, fits);
        }
        if (fits < len) {
          refused.increment();
          throw new IOException(ENOSPC);
        }
      }
    };
  }

  /** Takes up to {@code len} bytes of the free space; returns how many it got. */
  private long take(long len) {
    while (true) {
      long left = free.get();
      long got = Math.min(left, len);
      if (left == Long.MAX_VALUE || free.compareAndSet(left, left - got)) {
        return got;
      }
    }
  }

  @Override
  public String toString() {
    return "DiskFullStore(free=" + free.get() + ", " + delegate() + ")";
  }
}
