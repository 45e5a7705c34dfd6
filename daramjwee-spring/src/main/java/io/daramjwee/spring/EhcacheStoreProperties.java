package io.daramjwee.spring;

import java.nio.file.Path;
import org.springframework.util.unit.DataSize;

/**
 * An Ehcache store: a heap pool, optionally backed by off-heap memory and a disk pool. Bound from
 * {@code daramjwee.hot.ehcache} as part of {@link DaramjweeProperties}; mutable for the binder,
 * and only read once bound.
 */
public class EhcacheStoreProperties {

  /**
   * The bytes of values the heap pool holds. Left unset, it is lowered when the tiers on the heap
   * (with a file store's index) would take more than half the maximum heap.
   */
  private DataSize heapSize = DataSize.ofMegabytes(64);

  /** The bytes of the off-heap pool; zero for none. */
  private DataSize offHeapSize = DataSize.ofBytes(0);

  /** The bytes of the disk pool; zero for none. */
  private DataSize diskSize = DataSize.ofBytes(0);

  /** The directory of the disk pool; unset uses a daramjwee-ehcache directory under java.io.tmpdir. */
  private Path directory;

  /** Whether the disk pool survives a restart. */
  private boolean persistent = false;

  public DataSize getHeapSize() {
    return heapSize;
  }

  public void setHeapSize(DataSize heapSize) {
    this.heapSize = heapSize;
  }

  public DataSize getOffHeapSize() {
    return offHeapSize;
  }

  public void setOffHeapSize(DataSize offHeapSize) {
    this.offHeapSize = offHeapSize;
  }

  public DataSize getDiskSize() {
    return diskSize;
  }

  public void setDiskSize(DataSize diskSize) {
    this.diskSize = diskSize;
  }

  public Path getDirectory() {
    return directory;
  }

  public void setDirectory(Path directory) {
    this.directory = directory;
  }

  public boolean isPersistent() {
    return persistent;
  }

  public void setPersistent(boolean persistent) {
    this.persistent = persistent;
  }
}
