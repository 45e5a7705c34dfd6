package io.daramjwee.store.file;

import io.daramjwee.internal.StripedLocks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link FileStore}'s files come and go: a write's temp file is created, then made the
 * entry (forced, then renamed over the previous file, or in copy mode copied into its place) and
 * indexed under the key's stripe lock, and the victims that made room are deleted.
 *
 * <p>Lock order: a key's stripe lock, then the index's lock inside it; never two stripes at once.
 * So a commit deletes its victims only after it released its own stripe, each under the victim's.
 *
 * <p>Thread-safe.
 */
final class Publisher {

  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private final FileNames names;
  private final FileIndex index;
  private final StripedLocks locks;
  private final boolean copyMode;
  private final boolean fsync;

  Publisher(FileNames names, FileIndex index, StripedLocks locks, boolean copyMode,
      boolean fsync) {
    this.names = names;
    this.index = index;
    this.locks = locks;
    this.copyMode = copyMode;
    this.fsync = fsync;
  }

  boolean fsync() {
    return fsync;
  }

  /** Creates a new temp file for a write of {@code hash}, making its shard if needed. */
  FileChannel createTemp(Path temp) throws IOException {
    try {
      return openNew(temp);
    } catch (NoSuchFileException e) {
      // The first write into this shard: shards are made on demand, so a small cache stays a
      // small directory.
      Files.createDirectories(temp.getParent());
      if (fsync) {
        forceDirectory(names.root());
      }
      return openNew(temp);
    }
  }

  /**
   * Makes the written temp file the entry {@code hash} and indexes it, then deletes the victims
   * evicted to make room. On failure nothing new is visible; the caller deletes the temp file.
   *
   * @param channel the temp file's, positioned after its last byte; closed here on success
   * @param fileLength the temp file's length, which the caller checked fits the capacity
   */
  void publish(String hash, Path temp, FileChannel channel, long fileLength) throws IOException {
    Path target = names.entry(hash);
    if (!copyMode) {
      if (fsync) {
        channel.force(false); // outside the lock: the slow part of a commit blocks no one
      }
      channel.close();
    }
    List<String> victims;
    ReentrantLock lock = locks.lockFor(hash);
    lock.lock();
    try {
      if (copyMode) {
        copyIntoPlace(hash, channel, temp, target);
      } else {
        renameIntoPlace(temp, target);
      }
      victims = index.put(hash, new FileIndex.Entry(fileLength));
    } finally {
      lock.unlock();
    }
    if (fsync) {
      forceDirectory(target.getParent()); // visibility needs no lock; durability needs this
    }
    deleteEvicted(victims);
  }

  /** Deletes the files of evicted names, unless a commit indexed the name again meanwhile. */
  void deleteEvicted(List<String> victims) {
    for (String victim : victims) {
      Path path = names.entry(victim);
      ReentrantLock lock = locks.lockFor(victim);
      lock.lock();
      try {
        if (index.get(victim) == null) {
          Files.deleteIfExists(path);
          log.debug("evicted file={} tier=file", path);
        }
      } catch (IOException e) {
        log.warn("cannot delete evicted file={} tier=file; it stays on disk unindexed until the"
            + " next start", path, e);
      } finally {
        lock.unlock();
      }
    }
  }

  private static void renameIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + temp + " atomically on this file system;"
          + " build the FileStore with copyMode(true)", e);
    }
  }

  /** Copy mode's publish; the caller holds the key's stripe lock. */
  private void copyIntoPlace(String hash, FileChannel source, Path temp, Path target)
      throws IOException {
    // Unlinking rather than truncating leaves the old bytes to readers that have the file open
    // (on POSIX; an NFS client keeps them as a silly-renamed .nfs file). A reader arriving
    // meanwhile finds no file or a short one, and retries under this lock.
    Files.deleteIfExists(target);
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      long length = source.size();
      for (long at = 0; at < length; ) {
        long n = source.transferTo(at, length - at, out);
        if (n <= 0) {
          throw new IOException("copy of " + temp + " stopped at byte " + at + " of " + length);
        }
        at += n;
      }
      if (fsync) {
        out.force(false);
      }
    } catch (IOException | RuntimeException e) {
      // The previous value is gone already: copy mode cannot keep it through a failed commit.
      deleteQuietly(target);
      index.remove(hash);
      throw e;
    }
    source.close();
    deleteQuietly(temp);
  }

  private static FileChannel openNew(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  /** Makes a rename or new file in {@code directory} durable, where the platform allows it. */
  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows, for one, cannot open a directory; its renames are durable without this.
      log.debug("cannot fsync directory {} tier=file: {}", directory, e.toString());
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("cannot delete {} tier=file; the next start deletes or checks it", path, e);
    }
  }
}
