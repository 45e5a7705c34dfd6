package io.daramjwee.store.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive operating-system lock on a store's directory, held while the store is open. Two
 * stores on one directory would delete each other's files (each deletes the other's in-progress
 * temp files as orphans when it opens, and evicts by its own index), so the second one fails to
 * open instead, in this process or another. The lock file stays; only the lock goes with close.
 * Thread-safe.
 */
final class DirectoryLock implements Closeable {

  static final String FILE_NAME = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws IOException when another store, in any process, holds the directory */
  static DirectoryLock acquire(Path root) throws IOException {
    Path file = root.resolve(FILE_NAME);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("directory " + root + " is already used by another FileStore (it"
          + " holds " + file + "); give each store its own directory");
    }
    return new DirectoryLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
