package io.daramjwee.spring;

import io.daramjwee.spring.DaramjweeProperties.Eviction;
import java.nio.file.Path;
import org.springframework.util.unit.DataSize;

/**
 * daramjwee's file store: one framed file per entry, published by an atomic rename. Bound from
 * {@code daramjwee.hot.file} and {@code daramjwee.cold.file} as part of
 * {@link DaramjweeProperties}; mutable for the binder, and only read once bound.
 */
public class FileStoreProperties {

  /** The directory holding the entries; required for a file store. */
  private Path directory;

  /** The most bytes the store holds on disk. */
  private DataSize capacity = DataSize.ofGigabytes(1);

  /**
   * The most entries the store holds; past it, as past the capacity, the eviction policy's victims
   * go. Each entry is indexed on the heap (about 300 bytes, 500 with s3-fifo), which counts with
   * the tiers on the heap against half the maximum heap. Unset: one per 4 KiB of capacity (at
   * least 1024), lowered at startup when that would not fit.
   */
  private Long maxEntries;

  /** Which entry goes first when the store is full. */
  private Eviction eviction = Eviction.LRU;

  /** Whether each commit is forced to disk before it is published. */
  private boolean fsync = true;

  /** Whether entries are published by copying rather than renaming, for file systems without atomic rename. */
  private boolean copyMode = false;

  public Path getDirectory() {
    return directory;
  }

  public void setDirectory(Path directory) {
    this.directory = directory;
  }

  public DataSize getCapacity() {
    return capacity;
  }

  public void setCapacity(DataSize capacity) {
    this.capacity = capacity;
  }

  public Long getMaxEntries() {
    return maxEntries;
  }

  public void setMaxEntries(Long maxEntries) {
    this.maxEntries = maxEntries;
  }

  public Eviction getEviction() {
    return eviction;
  }

  public void setEviction(Eviction eviction) {
    this.eviction = eviction;
  }

  public boolean isFsync() {
    return fsync;
  }

  public void setFsync(boolean fsync) {
    this.fsync = fsync;
  }

  public boolean isCopyMode() {
    return copyMode;
  }

  public void setCopyMode(boolean copyMode) {
    this.copyMode = copyMode;
  }
}
