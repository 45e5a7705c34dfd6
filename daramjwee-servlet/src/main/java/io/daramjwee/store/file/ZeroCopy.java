package io.daramjwee.store.file;

import io.daramjwee.FileRegion;
import io.daramjwee.internal.StripedLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lets a {@link FileStore} offer an entry's body as a {@link FileRegion}, for a container
 * that sends it from the file without copying it through the JVM (sendfile), and so without the
 * checksum check a streamed read makes. Two questions decide it.
 *
 * <p><b>Which bytes may go out unread.</b> Only a version of an entry file whose whole body a read
 * of this process verified against its checksum, and which has not changed since:
 * <ul>
 *   <li>a version is unverified when it is published, and every file is when the store opens
 *       after a restart; its hits stream (each byte checked) until one reads the whole body and
 *       finds it intact. A damaged file is so caught on a streamed read, which breaks the response
 *       off before its last bytes and removes the entry: it is never sent unread, not even once;
 *   <li>the verifying read records the file's identity, size and modification time as they were
 *       before it started; every offer compares them with the file's now, so a file written to,
 *       truncated or replaced behind the store's back streams (and is checked) again;
 *   <li>a verification holds for {@code reverifyAfter} (default one hour); the next hit after that
 *       streams and verifies again. This bounds what no stat can see: bytes that rot on the medium
 *       or in the page cache under an unchanged modification time would be sent unread until the
 *       next re-verification, and a change made within the timestamp granularity of the write
 *       before it (a few milliseconds on Linux) until then too. Every streamed read, as before,
 *       checks every byte.
 * </ul>
 *
 * <p><b>A name that stays on those bytes.</b> A container opens the file by name after the
 * request's filter returned, while the entry may meanwhile be replaced (a rename over its name),
 * deleted or evicted. So the region names a hard link to the verified version, made once per
 * version on its first offer (file name {@code <hash>.<n>.send} beside the entry, see
 * {@link FileNames}). No commit, delete or eviction touches it; when its version leaves the store
 * the link is deleted {@link #LINK_GRACE} later, long after any container opened it (Tomcat opens
 * it on the request's thread as soon as the filter chain returns), and an open file keeps its
 * bytes until the send ends. Until then a replaced or evicted version's bytes stay on disk beyond
 * the store's capacity. Links left by a crash are deleted at the next start. A file system that
 * refuses hard links turns zero-copy off for the store (logged once): hits stream. A copy-mode
 * store offers no regions at all.
 *
 * <p>Thread-safe. Lock order: a key's stripe lock, then the index's lock, then an entry's
 * monitor; the monitor guards an entry's {@code link} and {@code retired} together.
 */
final class ZeroCopy {

  private static final Logger log = LoggerFactory.getLogger(ZeroCopy.class);

  /** How long a send link outlives its version's leaving the store. */
  static final Duration LINK_GRACE = Duration.ofMinutes(1);

  /** The default of {@link FileStoreBuilder#reverifyAfter}. */
  static final Duration DEFAULT_REVERIFY_AFTER = Duration.ofHours(1);

  private final FileNames names;
  private final StripedLocks locks;
  private final Clock clock;
  private final Duration reverifyAfter;
  private final boolean enabled;
  private volatile boolean noLinks; // the file system refused a hard link: off for good
  private final Queue<Retired> retired = new ConcurrentLinkedQueue<>();

  /**
   * @param enabled false for a store that offers no regions (copy mode)
   */
  ZeroCopy(FileNames names, StripedLocks locks, Clock clock, Duration reverifyAfter,
      boolean enabled) {
    this.names = names;
    this.locks = locks;
    this.clock = clock;
    this.reverifyAfter = reverifyAfter;
    this.enabled = enabled;
  }

  /**
   * An entry file's identity, size and modification time before a read that verified its whole
   * body, and when that read began.
   */
  record Verified(Object fileKey, FileTime modified, long size, Instant at) {

    /** Whether {@code now} shows the same file, unchanged. */
    boolean describes(BasicFileAttributes now) {
      return Objects.equals(fileKey, now.fileKey()) && modified.equals(now.lastModifiedTime())
          && size == now.size();
    }
  }

  /**
   * The state of {@code entry}'s file before a streamed read of its body, for {@link #certify}
   * should the read verify it; {@code null} when that read would teach nothing: the entry is
   * verified already (and not due again), or zero-copy is off.
   */
  Verified beforeRead(String hash, FileIndex.Entry entry) {
    Verified known = entry.verified;
    if (!enabled || noLinks || known != null && !due(known)) {
      return null;
    }
    try {
      BasicFileAttributes now = Files.readAttributes(names.entry(hash), BasicFileAttributes.class);
      return new Verified(now.fileKey(), now.lastModifiedTime(), now.size(), clock.instant());
    } catch (IOException e) {
      return null; // gone or unreadable: the read itself will tell
    }
  }

  /** A read that began with the file as {@code before} verified its whole body. */
  void certify(FileIndex.Entry entry, Verified before) {
    entry.verified = before;
  }

  /**
   * The region of {@code entry}'s body, bytes {@code [start, start + length)} of its file, named
   * by the version's send link; {@code null} when the version is not verified, is due again, has
   * changed since, has left the store, or cannot be linked.
   */
  FileRegion region(String hash, FileIndex.Entry entry, long start, long length) {
    if (!enabled || noLinks) {
      return null;
    }
    reap();
    Verified verified = entry.verified;
    if (verified == null || due(verified) || entry.retired) {
      return null;
    }
    Path link = link(hash, entry);
    if (link == null) {
      return null;
    }
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(link, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
    if (!verified.describes(now)) {
      log.info("file={} tier=file changed since its body was verified; it is checked again by"
          + " the next read before any send from the file", names.entry(hash));
      entry.verified = null;
      return null;
    }
    return new FileRegion(link, start, length);
  }

  /**
   * {@code entry} left the index: from now its send link, if it has one, is on its way out. Called
   * by the index under its lock.
   */
  void retire(FileIndex.Entry entry) {
    Path link;
    synchronized (entry) {
      entry.retired = true;
      link = entry.link;
    }
    if (link != null) {
      retired.add(new Retired(link, clock.instant()));
    }
  }

  /** Deletes the send links of versions that left the store more than the grace ago. */
  void reap() {
    if (retired.isEmpty()) {
      return;
    }
    Instant cutoff = clock.instant().minus(LINK_GRACE);
    for (Retired r; (r = retired.peek()) != null && r.at().isBefore(cutoff); ) {
      if (retired.remove(r)) {
        deleteQuietly(r.link());
      }
    }
  }

  /** Deletes every retired version's link now: the store is closing. */
  void close() {
    for (Retired r; (r = retired.poll()) != null; ) {
      deleteQuietly(r.link());
    }
  }

  @Override
  public String toString() {
    return "zeroCopy=" + (!enabled ? "off" : noLinks ? "off (no hard links)"
        : "on, reverifyAfter=" + reverifyAfter);
  }

  private boolean due(Verified verified) {
    return !clock.instant().isBefore(verified.at().plus(reverifyAfter));
  }

  /** The send link of {@code entry}'s version, made on first use; null when it cannot be. */
  private Path link(String hash, FileIndex.Entry entry) {
    Path link = entry.link;
    if (link != null) {
      return link;
    }
    // Under the key's stripe no commit renames a new version over the name, and no delete or
    // eviction removes it, so the name holds this entry's file while it is not retired.
    ReentrantLock lock = locks.lockFor(hash);
    lock.lock();
    try {
      synchronized (entry) {
        if (entry.retired) {
          return null;
        }
        if (entry.link == null) {
          Path made = names.newLink(hash);
          Files.createLink(made, names.entry(hash));
          entry.link = made;
        }
        return entry.link;
      }
    } catch (NoSuchFileException e) {
      return null; // deleted behind the store's back; the next open finds it gone
    } catch (IOException | UnsupportedOperationException e) {
      noLinks = true;
      log.warn("cannot hard-link entry files in {} tier=file: {}; zero-copy sends are off for this"
          + " store until it is reopened, and hits stream", names.root(), e.toString());
      return null;
    } finally {
      lock.unlock();
    }
  }

  private static void deleteQuietly(Path link) {
    try {
      Files.deleteIfExists(link);
    } catch (IOException e) {
      log.warn("cannot delete send link file={} tier=file; the next start deletes it", link, e);
    }
  }

  private record Retired(Path link, Instant at) {}
}
