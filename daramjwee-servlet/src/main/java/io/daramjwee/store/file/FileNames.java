package io.daramjwee.store.file;

import io.daramjwee.internal.Sha256;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Where a {@link FileStore} keeps each key: the file is named by the SHA-256 of the key's UTF-8
 * bytes in hex, in one of 256 shard directories named by its first two digits.
 *
 * <pre>
 * directory/
 *   ab/                                   shard: the name's first two hex digits
 *     ab3f…e1.dat                         committed entry, 64 hex digits (see {@link Frame})
 *     ab3f…e1.5c0f3a9d.tmp                a write in progress, in the directory it will be
 *                                         renamed within; deleted on abort or at the next start
 *     ab3f…e1.5c0f3a9e.send               a hard link to one version of the entry, the stable
 *                                         name a zero-copy send opens ({@link ZeroCopy}); deleted
 *                                         a grace period after that version leaves the store, or
 *                                         at the next start
 * </pre>
 *
 * <p>Hashing keeps every key, however long and whatever its characters ({@code ../../etc/passwd},
 * {@code CON}, a 2,000-character URL), to a short portable name inside the directory. Shards keep
 * each directory's listing a manageable size for file systems that slow down with many entries.
 *
 * <p>Thread-safe.
 */
final class FileNames {

  static final String ENTRY_SUFFIX = ".dat";
  static final String TEMP_SUFFIX = ".tmp";
  static final String LINK_SUFFIX = ".send";

  private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{64}\\.dat");


  private final Path root;
  // Starts at a random value so that names this store makes do not repeat those of an earlier
  // run whose temp files or links a crash left behind.
  private final AtomicLong nameCounter =
      new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 1);

  FileNames(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** The hex SHA-256 of a key's UTF-8 bytes: the name of its file, without suffix. */
  static String hash(byte[] key) {
    return Sha256.hex(key);
  }

  Path shard(String hash) {
    return root.resolve(hash.substring(0, 2));
  }

  Path entry(String hash) {
    return shard(hash).resolve(hash + ENTRY_SUFFIX);
  }

  /** A new name for a write of {@code hash}, beside its entry file so a rename is atomic. */
  Path newTemp(String hash) {
    return shard(hash).resolve(
        hash + "." + Long.toHexString(nameCounter.getAndIncrement()) + TEMP_SUFFIX);
  }

  /** A new name for a send link of a version of {@code hash}, beside its entry file. */
  Path newLink(String hash) {
    return shard(hash).resolve(
        hash + "." + Long.toHexString(nameCounter.getAndIncrement()) + LINK_SUFFIX);
  }

  static boolean isShard(String directoryName) {
    return SHARD.matcher(directoryName).matches();
  }

  static boolean isEntry(String fileName) {
    return ENTRY.matcher(fileName).matches();
  }

  static boolean isTemp(String fileName) {
    return fileName.endsWith(TEMP_SUFFIX);
  }

  static boolean isLink(String fileName) {
    return fileName.endsWith(LINK_SUFFIX);
  }

  /** The hash an entry file's name carries; call only when {@link #isEntry} holds. */
  static String hashOf(String entryFileName) {
    return entryFileName.substring(0, entryFileName.length() - ENTRY_SUFFIX.length());
  }
}
