package io.daramjwee.store.ehcache;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.internal.StripedLocks;
import io.daramjwee.internal.ThrottledLog;
import io.daramjwee.store.chunked.ChunkManifest;
import io.daramjwee.store.chunked.ChunkedBodyStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in one Ehcache 3 cache of {@code String} to {@code byte[]}, with a heap pool, an
 * optional off-heap pool and an optional disk pool; a persistent disk pool keeps the entries
 * across a clean {@link #close()} and a restart on the same directory.
 *
 * <pre>{@code
 * Store hot = EhcacheStore.builder()
 *     .heapSize(64L << 20)
 *     .diskSize(4L << 30)
 *     .directory(Path.of("/var/cache/app/ehcache"))
 *     .build();
 * }</pre>
 *
 * <p>A body larger than the {@linkplain EhcacheStoreBuilder#inlineThreshold inline threshold} is
 * cut into chunks ({@link Chunks}) stored under a fresh id per write; the write becomes visible in
 * one put, of its manifest under the key ({@link ChunkManifest}; {@link Keys} names the entries).
 * So a small body is one cache read. Every chunk and manifest carries a CRC32C.
 *
 * <p><b>No reader is cut short by eviction.</b> Ehcache evicts entries one by one, so a large
 * entry can lose a chunk while its manifest stays. A reader therefore pins the chunks of its
 * version when it opens ({@link ReaderChunks}): from then on an eviction takes them from the cache
 * but not from the reader, which serves the whole body. An entry missing a chunk at that moment, or
 * whose first chunk is damaged, reads as absent (a clean miss, before any byte is served) and is
 * removed. What readers may pin at once is bounded ({@link EhcacheStoreBuilder#maxPinnedBytes},
 * by default the heap pool's bytes): a reader that would pass the bound reads as a miss, so the
 * next tier or the origin answers. The cache admits no body larger than the bound to this tier
 * ({@link #maxServableEntry}); one written by other means streams unpinned, and a chunk of it
 * evicted meanwhile fails that read with {@link CorruptEntryException}, as a damaged one does.
 *
 * <p>A part ({@link io.daramjwee.RangeReadable}) is read from the chunks that hold it, each checked
 * against its CRC32C; the reader drops its pins of the others ({@link ReaderChunks#keepOnly}).
 *
 * <p>A reader keeps reading its version after a replace or delete: the chunks of a version whose
 * manifest is gone are removed when its last reader closes ({@link OpenReaders}), at once when it
 * has none. Chunks of an aborted write are removed by the abort. Chunks orphaned otherwise (a
 * crash, Ehcache evicting a manifest before its chunks) are swept when a store with a persistent
 * disk starts ({@link OrphanSweep}); in between the cache's size bound caps them.
 *
 * <p>The store should have its cache to itself. Entries of other names are left alone, but they
 * take the same pools.
 *
 * <p>Thread-safe: any number of threads may read, write and delete concurrently. Reads take no
 * lock. A commit or delete holds its key's stripe lock only to swap the manifest; writers hold
 * none while writing. After {@link #close()}, which closes the cache manager (and so persists the
 * disk pool), every method throws {@link IllegalStateException}, a commit of a writer still open
 * fails, and a body still streaming unpinned fails on its next chunk (a pinned one needs no
 * cache).
 */
public final class EhcacheStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(EhcacheStore.class);

  private static final int STRIPES = 64;

  private final CacheManager manager;
  private final Cache<String, byte[]> cache;
  private final Chunks chunks;
  private final OpenReaders readers;
  private final PinBudget pins;
  private final RecentManifests recent = new RecentManifests();
  private final ThrottledLog busy = new ThrottledLog(log, Duration.ofSeconds(10));
  private final StripedLocks locks = new StripedLocks(STRIPES);
  private final int chunkSize;
  private final int inlineThreshold;
  private final String description;
  private final boolean persistentDisk;
  private volatile boolean closed;

  private EhcacheStore(CacheSetup.Opened opened, int chunkSize, int inlineThreshold,
      long maxPinnedBytes) {
    this.manager = opened.manager();
    this.persistentDisk = opened.persistentDisk();
    this.cache = opened.cache();
    this.chunks = new Chunks(cache, opened.backlog(), chunkSize);
    this.readers = new OpenReaders(chunks::remove);
    this.pins = new PinBudget(maxPinnedBytes);
    this.chunkSize = chunkSize;
    this.inlineThreshold = inlineThreshold;
    this.description = opened.description();
  }

  /** A builder; see {@link EhcacheStoreBuilder} for each setting and its default. */
  public static EhcacheStoreBuilder builder() {
    return new EhcacheStoreBuilder();
  }

  /**
   * Opens a store on {@code opened}, first sweeping a persistent disk pool of orphan chunks.
   * Closes the manager if that fails.
   */
  static EhcacheStore open(CacheSetup.Opened opened, int chunkSize, int inlineThreshold,
      long maxPinnedBytes) {
    try {
      if (opened.persistentDisk()) {
        OrphanSweep.sweep(opened.cache());
      }
      EhcacheStore store = new EhcacheStore(opened, chunkSize, inlineThreshold, maxPinnedBytes);
      log.info("opened tier=ehcache {}", store);
      return store;
    } catch (RuntimeException e) {
      opened.manager().close();
      throw e;
    }
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    String name = Keys.manifest(key);
    while (true) {
      byte[] raw = cache.get(name);
      ChunkManifest manifest = decode(key, raw);
      if (manifest == null) {
        return null;
      }
      if (manifest.isInline()) {
        return new StoredEntry(manifest.metadata(), manifest.inlineBody());
      }
      String id = manifest.writeId();
      readers.open(id, manifest.chunkCount());
      // Registered, now check the manifest is still the key's: if a commit or delete retired it
      // before we registered, its chunks may be gone already (OpenReaders explains the race).
      if (!isCurrent(name, raw)) {
        readers.close(id);
        continue;
      }
      try {
        return openChunked(key, name, raw, manifest);
      } catch (IOException | RuntimeException e) {
        readers.close(id);
        throw e;
      }
    }
  }

  /**
   * Opens the body of a chunked version whose reader is registered; {@code null}, with the reader
   * closed, when it cannot be served whole.
   */
  private StoredEntry openChunked(String key, String name, byte[] raw, ChunkManifest manifest)
      throws IOException {
    String id = manifest.writeId();
    ReaderChunks held = ReaderChunks.open(chunks, pins, manifest);
    if (held == null) {
      // Streamed unpinned, an eviction could cut this reader short; pinned, the heap readers
      // hold would pass its bound. A miss now breaks neither: the next tier or the origin
      // answers, before any byte is sent.
      readers.close(id);
      busy.warn("pins", "turned a hit into a miss key=" + key + " tier=ehcache: readers hold "
          + pins + " and this body needs " + ReaderChunks.bytesOf(manifest) + "; raise"
          + " maxPinnedBytes, or admit fewer large bodies to this tier", null);
      return null;
    }
    int missing;
    try {
      missing = held.fill(manifest);
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
    if (missing >= 0) {
      // Ehcache evicts key by key, so a large entry can lose a middle chunk while its manifest
      // stays. Found now, before any byte is served, it is a clean miss.
      held.close();
      readers.close(id);
      discard(key, name, raw, manifest, "chunk " + missing + " of " + manifest.chunkCount()
          + " was evicted", false);
      return null;
    }
    try {
      return new StoredEntry(manifest.metadata(), ChunkedBodyStream.open(held, manifest,
          reason -> discard(key, name, raw, manifest, reason), () -> {
            held.close();
            readers.close(id);
          }));
    } catch (CorruptEntryException e) {
      held.close();
      readers.close(id);
      discard(key, name, raw, manifest, e.getMessage());
      return null;
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
  }

  @Override
  public Metadata stat(String key) throws IOException {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    ChunkManifest manifest = decode(key, cache.get(Keys.manifest(key)));
    return manifest == null ? null : manifest.metadata();
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    byte[] utf8 = utf8(key);
    Objects.requireNonNull(metadata, "metadata");
    ensureOpen();
    return new EhcacheStoreWriter(this, chunks, key, utf8, metadata, chunkSize,
        inlineThreshold);
  }

  /** Removes {@code key}. Waits only for a commit or delete of the same stripe to finish. */
  @Override
  public void delete(String key) throws IOException {
    utf8(key);
    ensureOpen();
    String name = Keys.manifest(key);
    byte[] previous;
    ReentrantLock lock = locks.lockFor(key);
    lock.lock();
    try {
      previous = cache.get(name);
      if (previous != null) {
        cache.remove(name);
      }
    } finally {
      lock.unlock();
    }
    retire(key, previous);
  }

  /** Closes the cache manager, which persists a persistent disk pool. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      manager.close();
      log.info("closed tier=ehcache {}", description);
    }
  }

  /** {@code maxPinnedBytes} (a reader pins its whole entry), or any when that is 0 (no pins). */
  @Override
  public long maxServableEntry() {
    return pins.limit() == 0 ? -1 : pins.limit();
  }

  /** True only with a persistent disk pool: heap, off-heap and other disk pools start empty. */
  @Override
  public boolean survivesRestart() {
    return persistentDisk;
  }

  @Override
  public String toString() {
    return "EhcacheStore{" + description + ", chunkSize=" + chunkSize + ", inlineThreshold="
        + inlineThreshold + ", maxPinnedBytes=" + pins.limit() + "}";
  }

  /**
   * Makes a written version the value of {@code key}. Called once per writer, from its commit,
   * after all its chunks are in.
   *
   * @throws IOException when the store is closed; nothing new is visible
   */
  void publish(String key, byte[] manifest) throws IOException {
    String name = Keys.manifest(key);
    byte[] previous;
    ReentrantLock lock = locks.lockFor(key);
    lock.lock();
    try {
      if (closed) {
        throw new IOException(this + " is closed; nothing was published");
      }
      previous = cache.get(name);
      cache.put(name, manifest);
    } catch (IllegalStateException e) {
      // Ehcache's word for a closed cache manager.
      throw new IOException("cannot publish " + key + " tier=ehcache; nothing was published: "
          + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
    retire(key, previous);
  }

  /** The cache itself; for tests that count or damage entries behind the store's back. */
  Cache<String, byte[]> cache() {
    return cache;
  }

  /** The bytes readers hold pinned now; for tests. */
  long pinnedBytes() {
    return pins.held();
  }

  /** Versions with an open reader; for tests. */
  int openVersions() {
    return readers.openVersions();
  }

  /** The manifest of {@code key} checked, {@code null} if absent or damaged (and then removed). */
  private ChunkManifest decode(String key, byte[] raw) {
    if (raw == null) {
      return null;
    }
    ChunkManifest known = recent.get(raw, key);
    if (known != null) {
      return known;
    }
    try {
      ChunkManifest manifest = ChunkManifest.decode(raw, utf8(key)); // only when not decoded yet
      recent.put(raw, key, manifest);
      return manifest;
    } catch (CorruptEntryException e) {
      discard(key, Keys.manifest(key), raw, null, e.getMessage());
      return null;
    }
  }

  private boolean isCurrent(String name, byte[] raw) {
    byte[] now = cache.get(name);
    // The heap tier returns the very array; a lower tier a copy.
    return now == raw || Arrays.equals(now, raw);
  }

  /**
   * Removes the damaged entry of {@code key}, unless a commit or delete replaced its manifest
   * {@code raw} already; {@code manifest} is {@code raw} parsed, or {@code null} if it does not
   * parse (then its chunks are left to the orphan sweep and the size bound).
   */
  private void discard(String key, String name, byte[] raw, ChunkManifest manifest, String reason) {
    discard(key, name, raw, manifest, reason, true);
  }

  /** Removes the entry if {@code raw} is still its manifest; logs a damaged one at WARN. */
  private void discard(String key, String name, byte[] raw, ChunkManifest manifest, String reason,
      boolean damaged) {
    ReentrantLock lock = locks.lockFor(key);
    lock.lock();
    try {
      if (closed || !isCurrent(name, raw)) {
        return;
      }
      cache.remove(name);
      if (damaged) {
        log.warn("removed damaged entry key={} tier=ehcache: {}", key, reason);
      } else {
        log.debug("removed entry key={} tier=ehcache: {}", key, reason);
      }
    } catch (RuntimeException e) {
      log.warn("cannot remove damaged entry key={} tier=ehcache: {}", key, reason, e);
      return;
    } finally {
      lock.unlock();
    }
    if (manifest != null) {
      readers.retire(manifest.writeId(), manifest.chunkCount());
    }
  }

  /** Hands the chunks of a replaced or deleted manifest to {@link OpenReaders}. */
  private void retire(String key, byte[] previous) {
    if (previous == null) {
      return;
    }
    try {
      ChunkManifest old = ChunkManifest.decode(previous, null);
      readers.retire(old.writeId(), old.chunkCount());
    } catch (CorruptEntryException e) {
      log.warn("replaced a damaged manifest key={} tier=ehcache; its chunks are left to the"
          + " size bound and the next start's sweep: {}", key, e.getMessage());
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
}
