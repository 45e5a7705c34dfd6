package io.daramjwee.store.file;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.FileRegion;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.internal.StripedLocks;
import io.daramjwee.policy.EvictionPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store on the local file system, bounded by bytes: one file per entry holding the key, the
 * metadata, the body and checksums ({@link Frame} draws the format), named by a hash of the key
 * ({@link FileNames} draws the directory). A commit that would exceed the capacity first deletes
 * the victims of its {@link EvictionPolicy} (least recently used by default); the key being
 * committed is never its own victim, and an entry larger than the whole capacity fails its commit.
 *
 * <pre>{@code
 * Store disk = FileStore.builder()
 *     .directory(Path.of("/var/cache/app"))
 *     .capacity(10L << 30)
 *     .build();
 * }</pre>
 *
 * <p>A write goes to a temp file beside its final one, is forced to disk, then renamed over the
 * previous file atomically: until the rename the previous value stays readable, and a reader that
 * opened a file keeps reading its bytes after a replace or delete (POSIX semantics of an open
 * file). In {@linkplain FileStoreBuilder#copyMode copy mode}, for network file systems whose
 * rename cannot be trusted, the temp file is instead copied into place; readers may meet the copy
 * half done, so such a store refuses to be tier 0 ({@link #hotTierRefusal()}).
 *
 * <p>Every read checks the file: a file of up to 256 KiB is read whole and its body checksum
 * verified before {@link #getStream} returns, so a damaged one reads as absent; a larger body is
 * verified as it streams, and a mismatch fails the read that would complete it with
 * {@link CorruptEntryException}. Either way the damaged file is deleted.
 *
 * <p>A larger body may instead be sent by the container straight from its file, never read by the
 * JVM (sendfile): its stream offers a {@link FileRegion} ({@link StoredEntry#fileRegion()}) only
 * for a version of the file that a streamed read of this process verified whole and that has not
 * changed since, re-verified every {@link FileStoreBuilder#reverifyAfter reverifyAfter}, under a
 * hard-linked name that outlives a replacement or eviction of the entry; {@link ZeroCopy} has the
 * policy and its reasons.
 *
 * <p>What the store holds is indexed in memory (name and size per file, a few hundred bytes of
 * heap each, bounded by {@link FileStoreBuilder#maxEntries}), so a miss costs no system call; the
 * index is rebuilt from the directory when the store is built, which also deletes the temp files
 * of writes a crash interrupted and any torn file, and evicts what exceeds either bound. One
 * store, in one process, may use a directory at a time. The capacity counts the bytes of entry
 * files, not file system blocks nor the temp files of writes in progress.
 *
 * <p>Thread-safe: any number of threads may read, write and delete concurrently. Reads take no
 * lock. A commit or delete holds its key's stripe lock only to rename and index; writers hold none
 * while writing. After {@link #close()} every method throws {@link IllegalStateException} and a
 * commit of a writer still open fails; entries opened before keep streaming.
 */
public final class FileStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(FileStore.class);

  static final String COPY_MODE_REFUSAL = "copy mode replaces entries by copying, which readers"
      + " can observe half-done; use it only below tier 0";

  private static final int STRIPES = 64;

  private final FileNames names;
  private final long capacity;
  private final boolean copyMode;
  private final FileIndex index;
  private final StripedLocks locks = new StripedLocks(STRIPES);
  private final Publisher publisher;
  private final ZeroCopy zeroCopy;
  private volatile boolean closed;
  private final DirectoryLock directoryLock;

  private FileStore(Path root, FileStoreBuilder.Settings settings, DirectoryLock directoryLock) {
    this.directoryLock = directoryLock;
    this.names = new FileNames(root);
    this.capacity = settings.capacity();
    this.copyMode = settings.copyMode();
    this.zeroCopy = new ZeroCopy(names, locks, settings.clock(), settings.reverifyAfter(),
        !copyMode);
    this.index = new FileIndex(capacity, settings.maxEntries(), settings.policy(),
        zeroCopy::retire);
    this.publisher = new Publisher(names, index, locks, copyMode, settings.fsync());
  }

  public static FileStoreBuilder builder() {
    return new FileStoreBuilder();
  }

  /**
   * A store over the claimed directory {@code lock}, its index loaded from the files already
   * there (deleting temp files, send links and torn files); for {@link FileStoreBuilder#build()}.
   */
  static FileStore open(DirectoryLock lock, FileStoreBuilder.Settings settings)
      throws IOException {
    FileStore store = new FileStore(lock.root(), settings, lock);
    store.publisher.deleteEvicted(
        new IndexLoader(store.names, store.index, store.capacity).load());
    return store;
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    Opened opened = find(key, EntryFile.VERIFY_WHOLE_MAX);
    if (opened == null) {
      return null;
    }
    index.touch(opened.hash);
    EntryFile file = opened.file;
    if (file.readWhole()) {
      return new StoredEntry(file.metadata(), file.body(null));
    }
    ZeroCopy.Verified before = zeroCopy.beforeRead(opened.hash, opened.entry);
    return new StoredEntry(file.metadata(), file.body(new StreamOwner(key, opened, before)));
  }

  @Override
  public Metadata stat(String key) throws IOException {
    Opened opened = find(key, EntryFile.HEAD_READ);
    if (opened == null) {
      return null;
    }
    try (EntryFile file = opened.file) {
      index.touch(opened.hash);
      return file.metadata();
    }
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    byte[] utf8 = utf8(key);
    Objects.requireNonNull(metadata, "metadata");
    ensureOpen();
    String hash = FileNames.hash(utf8);
    ByteBuffer header = Frame.header(utf8, metadata.encode());
    Path temp = names.newTemp(hash);
    FileChannel channel = publisher.createTemp(temp);
    try {
      return new FileStoreWriter(this, hash, utf8, temp, channel, header, capacity);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** Removes {@code key}. Waits only for a commit or delete of the same stripe to finish. */
  @Override
  public void delete(String key) throws IOException {
    byte[] utf8 = utf8(key);
    ensureOpen();
    String hash = FileNames.hash(utf8);
    ReentrantLock lock = locks.lockFor(hash);
    lock.lock();
    try {
      // Unindexed first, so no new reader finds it; readers that opened it keep their bytes.
      index.remove(hash);
      Files.deleteIfExists(names.entry(hash));
    } finally {
      lock.unlock();
    }
    zeroCopy.reap();
  }

  /** Why a copy-mode store must not be tier 0; {@code null} in rename mode. */
  @Override
  public String hotTierRefusal() {
    return copyMode ? COPY_MODE_REFUSAL : null;
  }

  /**
   * Marks the store closed and releases its directory lock; each reader and writer owns its own
   * file, so entries already opened keep streaming. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      zeroCopy.close();
      try {
        directoryLock.close();
      } catch (IOException e) {
        log.warn("releasing the lock on {} tier=file failed", names.root(), e);
      }
    }
  }

  /** The capacity in bytes. */
  public long capacity() {
    return capacity;
  }

  /** Bytes of the entry files held. Never above the capacity. */
  public long size() {
    return index.size();
  }

  /** Number of entries held. */
  public int entryCount() {
    return index.count();
  }

  @Override
  public String toString() {
    return "FileStore{directory=" + names.root() + ", mode=" + (copyMode ? "copy" : "rename")
        + ", fsync=" + publisher.fsync() + ", capacity=" + capacity + ", size=" + index.size()
        + ", entries=" + index.count() + ", " + index + ", " + zeroCopy + "}";
  }

  /** Where the entry of {@code key} lives; for tests that damage files behind the store's back. */
  Path pathOf(String key) {
    return names.entry(FileNames.hash(utf8(key)));
  }

  /** A new temp file name for a write of {@code hash}. */
  Path newTemp(String hash) {
    return names.newTemp(hash);
  }

  /** Creates the temp file {@code temp}, open for reading and writing. */
  FileChannel createTemp(Path temp) throws IOException {
    return publisher.createTemp(temp);
  }

  /**
   * Makes the written temp file the entry {@code hash}. Called once per writer, from its commit.
   *
   * @throws IOException when the store is closed or publishing failed; nothing new is visible
   */
  void publish(String hash, Path temp, FileChannel channel, long fileLength) throws IOException {
    if (closed) {
      throw new IOException(this + " is closed; nothing was published");
    }
    publisher.publish(hash, temp, channel, fileLength);
    zeroCopy.reap();
  }

  /** The checked file of {@code key}, read whole if no longer than {@code wholeMax}, or null. */
  private Opened find(String key, int wholeMax) throws IOException {
    byte[] utf8 = utf8(key);
    ensureOpen();
    String hash = FileNames.hash(utf8);
    FileIndex.Entry seen = index.get(hash);
    return seen == null ? null : open(key, utf8, hash, seen, wholeMax);
  }

  /**
   * Opens and checks the file of {@code hash}, whose index entry was {@code seen}.
   *
   * @return the open file and the index entry it was checked against, or {@code null} when the
   *     key is absent, the file holds another key with the same hash, or it is damaged (and then
   *     removed)
   */
  private Opened open(String key, byte[] utf8, String hash, FileIndex.Entry seen, int wholeMax)
      throws IOException {
    Path path = names.entry(hash);
    try {
      return checkKey(EntryFile.open(path, wholeMax), utf8, hash, seen);
    } catch (NoSuchFileException | CorruptEntryException first) {
      // A delete, an eviction or (in copy mode) a copy in progress may have raced this read.
      // Under the key's lock none is under way, so a second failure is the file's own.
      ReentrantLock lock = locks.lockFor(hash);
      lock.lock();
      try {
        FileIndex.Entry current = index.get(hash);
        if (current == null) {
          return null;
        }
        try {
          return checkKey(EntryFile.open(path, wholeMax), utf8, hash, current);
        } catch (NoSuchFileException | CorruptEntryException again) {
          discard(key, hash, current, again instanceof NoSuchFileException
              ? "its file is missing" : again.getMessage());
          return null;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** {@code file} as an {@link Opened}, or {@code null} (and closed) if it holds another key. */
  private static Opened checkKey(EntryFile file, byte[] utf8, String hash,
      FileIndex.Entry entry) throws IOException {
    if (file.holds(utf8)) {
      return new Opened(file, hash, entry);
    }
    file.close(); // a SHA-256 collision: the file is another key's, valid, and stays
    return null;
  }

  /** Removes a damaged entry, unless a newer commit replaced the {@code expected} one already. */
  private void discard(String key, String hash, FileIndex.Entry expected, String reason) {
    Path path = names.entry(hash);
    ReentrantLock lock = locks.lockFor(hash);
    lock.lock();
    try {
      if (index.remove(hash, expected)) {
        log.warn("removed damaged entry key={} tier=file file={}: {}", key, path, reason);
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      log.warn("cannot delete damaged entry key={} tier=file file={}; it is unindexed, and the"
          + " next start checks it again", key, path, e);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static byte[] utf8(String key) {
    return Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8);
  }

  /** An opened file, its name's hash, and the index entry it belongs to. */
  private record Opened(EntryFile file, String hash, FileIndex.Entry entry) {}

  /**
   * The store's side of one streamed body: a corrupt one is discarded, a verified one certifies
   * its version for zero-copy sends (when the read began with the file as {@code before}), and a
   * region is offered as {@link ZeroCopy} allows.
   */
  private final class StreamOwner implements VerifiedBodyStream.Owner {
    private final String key;
    private final Opened opened;
    private final ZeroCopy.Verified before; // null when this read certifies nothing

    StreamOwner(String key, Opened opened, ZeroCopy.Verified before) {
      this.key = key;
      this.opened = opened;
      this.before = before;
    }

    @Override
    public void corrupt(String reason) {
      discard(key, opened.hash, opened.entry, reason + ", found at the end of its stream");
    }

    @Override
    public void verified() {
      if (before != null) {
        zeroCopy.certify(opened.entry, before);
      }
    }

    @Override
    public FileRegion region(long start, long length) {
      return zeroCopy.region(opened.hash, opened.entry, start, length);
    }

    @Override
    public boolean certifies() {
      return before != null;
    }
  }
}
