package io.daramjwee.store.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A store's claim on its directory: the directory checked writable (created if missing) and an
 * exclusive operating-system lock on it, held while the store is open. Two
 * stores on one directory would delete each other's files (each deletes the other's in-progress
 * temp files as orphans when it opens, and evicts by its own index), so the second one fails to
 * open instead, in this process or another. The lock file stays; only the lock goes with close.
 * Thread-safe.
 */
final class DirectoryLock implements Closeable {

  static final String FILE_NAME = ".lock";

  private final Path root;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path root, FileChannel channel, FileLock lock) {
    this.root = root;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code root} if needed, checks that it is a writable directory and locks it.
   *
   * @throws IllegalArgumentException when {@code root} is not, or cannot become, a writable
   *     directory
   * @throws IOException when another store, in any process, holds the directory
   */
  static DirectoryLock claim(Path root) throws IOException {
    writableDirectory(root);
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
    return new DirectoryLock(root, channel, lock);
  }

  Path root() {
    return root;
  }

  private static void writableDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          "directory " + directory + " is not a writable directory: it is a file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "directory " + directory + " is not a writable directory: cannot create it: " + e, e);
    }
    if (!Files.isWritable(directory)) {
      throw new IllegalArgumentException(
          "directory " + directory + " is not a writable directory: no write permission");
    }
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
