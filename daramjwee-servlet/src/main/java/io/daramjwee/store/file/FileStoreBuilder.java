package io.daramjwee.store.file;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.policy.EvictionPolicies;
import io.daramjwee.policy.EvictionPolicy;
import io.daramjwee.policy.LruPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Configures a {@link FileStore}; a rejected setting is an {@link InvalidSettingException}
 * naming it. Not thread-safe.
 */
public final class FileStoreBuilder {

  private Path directory;
  private long capacity = -1;
  private long maxEntries = -1; // -1: defaultMaxEntries(capacity)
  private Supplier<? extends EvictionPolicy> policy = LruPolicy::new;
  private boolean copyMode;
  private boolean fsync = true;
  private Duration reverifyAfter = ZeroCopy.DEFAULT_REVERIFY_AFTER;
  private Clock clock = Clock.systemUTC();

  FileStoreBuilder() {}

  /**
   * Where the store keeps its files; required. Created if missing. The store deletes files it
   * recognises as its own and damaged; it should have the directory to itself.
   */
  public FileStoreBuilder directory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /** The most bytes the entry files may take. Required. */
  public FileStoreBuilder capacity(long bytes) {
    if (bytes <= 0) {
      throw new InvalidSettingException("capacity", bytes, "capacity must be positive: " + bytes);
    }
    this.capacity = bytes;
    return this;
  }

  /**
   * The most entries the store holds; a commit that would exceed it evicts the policy's victims,
   * as one over the capacity does. Default {@link #defaultMaxEntries(long)}.
   *
   * <p>Each entry is indexed on the heap: 250 to 275 bytes with {@code lru} or {@code sieve}, up
   * to 441 with {@code s3-fifo} (whose ghost queue also remembers the names of as many evicted
   * entries), measured on JDK 17 with compressed references ({@code FileIndexFootprint}). The capacity
   * alone does not bound that: a 2 GB directory of 400-byte entries would index five million of
   * them, well over a gigabyte of heap. This bound does.
   */
  public FileStoreBuilder maxEntries(long entries) {
    if (entries <= 0 || entries > Integer.MAX_VALUE) {
      throw new InvalidSettingException("maxEntries", entries,
          "maxEntries must be between 1 and " + Integer.MAX_VALUE + ": " + entries);
    }
    this.maxEntries = entries;
    return this;
  }

  /**
   * The default {@link #maxEntries}: one entry per 4 KiB of {@code capacity}, and never fewer than
   * {@value #MIN_DEFAULT_MAX_ENTRIES}. Most file systems give every file at least one 4 KiB block,
   * so a directory holding more entries than that already takes more disk than its capacity says.
   * The floor keeps a small store bounded by its bytes alone; its index takes a few hundred KiB.
   */
  public static long defaultMaxEntries(long capacity) {
    return Math.min(Integer.MAX_VALUE, Math.max(MIN_DEFAULT_MAX_ENTRIES, capacity / 4096));
  }

  /** The fewest entries {@link #defaultMaxEntries} gives. */
  public static final int MIN_DEFAULT_MAX_ENTRIES = 1024;

  /**
   * The eviction policy by name ({@link EvictionPolicies#NAMES}); default {@code lru}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public FileStoreBuilder policy(String name) {
    try {
      this.policy = EvictionPolicies.supplier(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("policy", name, e.getMessage(), e);
    }
    return this;
  }

  /** A custom eviction policy; the supplier is asked for a new one for every store built. */
  public FileStoreBuilder policy(Supplier<? extends EvictionPolicy> policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Publish by copying the temp file into place instead of renaming it; default {@code false}.
   * For network file systems where rename is not reliable. Readers may meet a copy half done
   * (they see the key absent, or a damaged entry), and a commit that fails midway loses the
   * previous value too, so a copy-mode store refuses to be tier 0.
   */
  public FileStoreBuilder copyMode(boolean copyMode) {
    this.copyMode = copyMode;
    return this;
  }

  /**
   * Force each entry's bytes to the device before publishing it, and its directory after;
   * default {@code true}. Without it a power loss may lose recent commits (the next start
   * deletes any file it finds torn), in exchange for cheaper writes.
   */
  public FileStoreBuilder fsync(boolean fsync) {
    this.fsync = fsync;
    return this;
  }

  /**
   * How long a verification of an entry file lets its body be sent without being read; default
   * one hour. A body the container can send straight from its file (sendfile) is sent so only
   * after a streamed read of this process checked all of it against its checksum, and its file has
   * not changed since; after this long the next hit streams it and checks it again. Shorter bounds
   * how long bytes that rot without their file being written could be sent; longer lets more hits
   * of rarely read entries go without a copy. See {@code docs/STORES.md}, "Zero-copy hits".
   */
  public FileStoreBuilder reverifyAfter(Duration reverifyAfter) {
    Objects.requireNonNull(reverifyAfter, "reverifyAfter");
    if (reverifyAfter.isNegative() || reverifyAfter.isZero()) {
      throw new InvalidSettingException("reverifyAfter", reverifyAfter,
          "reverifyAfter must be positive: " + reverifyAfter);
    }
    this.reverifyAfter = reverifyAfter;
    return this;
  }

  /** The clock of re-verification and of send links' grace; for tests. */
  FileStoreBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Builds the store, creating the directory if needed and indexing the entries already in it.
   *
   * @throws IllegalArgumentException when the directory or capacity is missing, or the
   *     directory is not a writable directory
   * @throws IOException when the directory cannot be scanned
   */
  public FileStore build() throws IOException {
    if (directory == null) {
      throw new InvalidSettingException("directory", null,
          "directory is required: set where the files go");
    }
    if (capacity <= 0) {
      throw new InvalidSettingException("capacity", null,
          "capacity is required: set a positive number of bytes");
    }
    // Claimed before the scan, which deletes temp files: they must not be another store's.
    DirectoryLock lock;
    try {
      lock = DirectoryLock.claim(directory.toAbsolutePath().normalize());
    } catch (IllegalArgumentException e) {
      // a file, or a directory that cannot be created or written to
      throw new InvalidSettingException("directory", directory, e.getMessage(), e);
    }
    try {
      // A fresh policy per build: two stores must never share one.
      return FileStore.open(lock, new Settings(capacity,
          maxEntries > 0 ? maxEntries : defaultMaxEntries(capacity), Objects.requireNonNull(policy.get(), "policy supplier returned null"), copyMode, fsync,
          reverifyAfter, clock));
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** What {@link #build()} gives the store, checked. */
  record Settings(long capacity, long maxEntries, EvictionPolicy policy, boolean copyMode, boolean fsync,
      Duration reverifyAfter, Clock clock) {}
}
