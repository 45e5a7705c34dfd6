package io.daramjwee.store.redis;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.chunked.ChunkManifest;
import io.daramjwee.store.chunked.ChunkSource;
import io.daramjwee.store.chunked.ChunkedBodyStream;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in a Redis server shared by every instance of an application: the warm tier of a
 * cluster, where a miss filled by one instance is a hit for the others.
 *
 * <pre>{@code
 * Store warm = RedisStore.builder()
 *     .uri("redis://cache.internal:6379")
 *     .build();
 * }</pre>
 *
 * <p>The Ehcache store's layout ({@link ChunkManifest}): a body larger than the inline threshold
 * is cut into chunks stored under a fresh id per write, and the write becomes visible in one
 * {@code SET} of its manifest under the key ({@link RedisKeys} names them). A hit streams chunk by
 * chunk, one chunk on the heap, and a small body is one {@code GET}. Every chunk and manifest
 * carries a CRC32C: a damaged value reads as absent and is removed. A part of a body (a single
 * {@code Range}, {@link io.daramjwee.RangeReadable}) {@code GET}s only the chunks that hold it,
 * each checked against its own CRC32C, after the chunk 0 that opening fetched.
 *
 * <p>Every key carries a TTL ({@link EntryTtl}: the entry's fresh, stale and stale-if-error
 * lifetime), so Redis reclaims expired entries by itself. Redis may also evict keys under
 * {@code maxmemory}, one by one: opening an entry first checks that all its chunks exist, so an
 * entry missing any reads as absent; a chunk evicted while the body streams fails that read with
 * {@link CorruptEntryException}. Neither ever returns wrong bytes: write ids are never reused and
 * every chunk is checked.
 *
 * <p>A reader keeps reading its version after a replace or delete for the reader grace: the old
 * version's chunks are not deleted but given that much more time to live (never more than they had),
 * since readers on other instances cannot be counted. A reader slower than that fails as if the
 * chunks had been evicted.
 *
 * <p>With a near cache ({@link RedisStoreBuilder#nearCacheSize}, off by default), the store keeps
 * copies of the manifests of inline bodies it read lately in this JVM's heap, so that a repeated
 * hit of an unchanged entry costs no round trip, and has Redis tell it when any of them changes:
 * Redis's server-assisted client-side caching ({@code CLIENT TRACKING}, see
 * {@link NearCacheTracking}) pushes an invalidation when a key this store read is changed by any
 * instance, deleted, expired or evicted, and the copy is dropped as it arrives. So a value replaced
 * by another instance is served here at most until that push arrives, never after (and, should the
 * connection go silent without closing, at most a one-second lease after Redis last answered); this
 * store's own writes and deletes drop its copy at once; a copy never outlives the TTL its key had
 * in Redis ({@code PTTL}, read with the value in one round trip); and while the connection is down,
 * and after a reconnect until tracking is on again, nothing is served from or kept in the near
 * cache ({@link NearCache} explains why no invalidation can be lost in between). Chunked bodies are
 * never kept near. Not on a Redis Cluster (ignored there). {@link #nearCacheStats()} counts.
 *
 * <p>Thread-safe: one Redis connection, shared by all threads (Lettuce multiplexes it). A failure
 * to reach Redis, or a command that times out, is an {@link IOException}, so the cache skips this
 * tier and serves from the next one or the origin. After {@link #close()} every method throws
 * {@link IllegalStateException}.
 */
public final class RedisStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);

  /** Deletes a key only while it still holds the value given: a damaged manifest, not its heir. */
  private static final String DELETE_IF_SAME =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
          + "return 0";
  /** How long a near copy of a key without a TTL may be kept: until invalidated, in practice. */
  private static final long NO_TTL_NANOS = TimeUnit.DAYS.toNanos(365);

  private final RedisConnection connection;
  private final RedisClusterCommands<String, byte[]> redis;
  private final RedisClusterAsyncCommands<String, byte[]> async;
  private final RedisKeys keys;
  private final EntryTtl ttl;
  private final int chunkSize;
  private final int inlineThreshold;
  private final ChunkTtls chunkTtls;
  private final String description;
  private final ChunkSource chunks = this::fetchChunk;
  private final RedisCalls calls;
  private final NearCache near; // null when off
  private volatile boolean closed;

  RedisStore(RedisConnection connection, String keyPrefix, EntryTtl ttl, int chunkSize,
      int inlineThreshold, long graceMillis, StallGuard stall, NearCache near) {
    this.connection = connection;
    this.near = near;
    this.calls = new RedisCalls(stall);
    this.redis = connection.commands();
    this.async = connection.async();
    this.keys = new RedisKeys(keyPrefix);
    this.chunkTtls = new ChunkTtls(calls, redis, keys, graceMillis);
    this.ttl = ttl;
    this.chunkSize = chunkSize;
    this.inlineThreshold = inlineThreshold;
    this.description = "RedisStore{" + connection + ", prefix=" + keyPrefix + ", chunkSize="
        + chunkSize + ", inlineThreshold=" + inlineThreshold
        + (near == null ? "" : ", nearCacheSize=" + near.stats().budget()) + '}';
    log.info("opened tier=redis {}", this);
  }

  /** A builder; see {@link RedisStoreBuilder} for each setting and its default. */
  public static RedisStoreBuilder builder() {
    return new RedisStoreBuilder();
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    byte[] keyBytes = keyBytes(key);
    ensureOpen();
    String name = keys.manifest(key);
    ChunkManifest manifest = manifest(key, keyBytes, name);
    if (manifest == null) {
      return null;
    }
    if (manifest.isInline()) {
      return new StoredEntry(manifest.metadata(), manifest.inlineBody());
    }
    byte[] raw = manifest.raw();
    String[] names = keys.chunks(manifest.writeId(), manifest.chunkCount());
    long present = call(() -> redis.exists(names));
    if (present < manifest.chunkCount()) {
      // Evicted or expired one by one: found now, before any byte is served, it is a clean miss.
      discard(key, name, raw, (manifest.chunkCount() - present) + " of "
          + manifest.chunkCount() + " chunks are gone");
      return null;
    }
    try {
      return new StoredEntry(manifest.metadata(), ChunkedBodyStream.open(chunks, manifest,
          reason -> discard(key, name, raw, reason), () -> {}));
    } catch (CorruptEntryException e) {
      discard(key, name, raw, e.getMessage());
      return null;
    }
  }

  @Override
  public Metadata stat(String key) throws IOException {
    byte[] keyBytes = keyBytes(key);
    ensureOpen();
    ChunkManifest manifest = manifest(key, keyBytes, keys.manifest(key));
    return manifest == null ? null : manifest.metadata();
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    byte[] keyBytes = keyBytes(key);
    Objects.requireNonNull(metadata, "metadata");
    ensureOpen();
    return new RedisStoreWriter(this, key, keyBytes, metadata, chunkSize, inlineThreshold,
        ttl.millis(metadata) + chunkTtls.graceMillis());
  }

  @Override
  public void delete(String key) throws IOException {
    keyBytes(key);
    ensureOpen();
    String name = keys.manifest(key);
    byte[] previous;
    try {
      previous = call(() -> redis.getdel(name));
    } finally {
      written(name); // even if it failed: it may have been applied
    }
    chunkTtls.retire(previous);
  }

  /**
   * What the near cache holds and has done since the store was opened; all zero when it is off
   * (see {@link RedisStoreBuilder#nearCacheSize}).
   */
  public NearCacheStats nearCacheStats() {
    return near == null ? NearCacheStats.OFF : near.stats();
  }

  /** Closes the connection. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (near != null) {
        near.disable();
      }
      connection.close();
      log.info("closed tier=redis {}", this);
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /** Stores a sealed chunk of a write in progress, with its TTL. */
  void putChunk(String writeId, int index, byte[] chunk, long ttlMillis) throws IOException {
    ensureOpenForWrite();
    String name = keys.chunk(writeId, index);
    call(() -> redis.set(name, chunk, SetArgs.Builder.px(ttlMillis)));
  }

  /** Deletes chunks {@code [0, count)} of {@code writeId}. Never throws: logs instead. */
  void removeChunks(String writeId, int count) {
    if (count == 0 || closed) {
      return; // a closed store's chunks expire by themselves
    }
    try {
      call(() -> redis.del(keys.chunks(writeId, count)));
    } catch (IOException e) {
      log.warn("cannot remove the {} chunks of write {} tier=redis; they expire by themselves",
          count, writeId, e);
    }
  }

  /**
   * Makes {@code manifest} the value of {@code key} with the entry's TTL, in one {@code SET} that
   * also returns the value it replaces, whose chunks are then retired. The chunks' TTL is first
   * extended to the entry's plus the reader grace, so they always outlive their manifest; a chunk
   * already gone (a write slower than its chunks' TTL, or evicted) fails the commit.
   */
  void publish(String key, byte[] manifest, Metadata metadata, String writeId, int chunkCount)
      throws IOException {
    ensureOpenForWrite();
    long entryTtl = ttl.millis(metadata);
    if (chunkCount > 0) {
      // However long the write took, every chunk must outlive the manifest that names it.
      long gone = chunkTtls.outliveManifest(writeId, chunkCount, entryTtl);
      if (gone > 0) {
        throw new IOException(gone + " of " + chunkCount + " chunks of " + key
            + " expired or were evicted during the write; nothing was published");
      }
    }
    String name = keys.manifest(key);
    byte[] previous;
    try {
      previous = call(() -> redis.setGet(name, manifest, SetArgs.Builder.px(entryTtl)));
    } catch (IOException e) {
      // A SET that timed out may still have been applied: take it back (the manifest is unique
      // to this write), so that a failed commit leaves nothing visible. Best effort.
      try {
        call(() -> redis.eval(DELETE_IF_SAME, ScriptOutputType.INTEGER, new String[] {name},
            manifest));
      } catch (IOException undo) {
        e.addSuppressed(undo);
      }
      throw e;
    } finally {
      written(name);
    }
    chunkTtls.retire(previous);
  }

  /** The raw value of a chunk, for {@link ChunkedBodyStream}. */
  private byte[] fetchChunk(ChunkManifest manifest, int index) throws IOException {
    if (closed) {
      throw new IOException(this + " is closed; the body cannot be read further");
    }
    String name = keys.chunk(manifest.writeId(), index);
    return call(() -> redis.get(name));
  }

  /**
   * The manifest of {@code key}, named {@code name}: the near cache's copy, else Redis's (kept near
   * when it may be), or null when absent or damaged.
   */
  private ChunkManifest manifest(String key, byte[] keyBytes, String name) throws IOException {
    if (near != null) {
      ChunkManifest copy = near.get(name);
      if (copy != null) {
        return copy;
      }
      long stamp = near.stamp(name); // before the read is sent: see NearCache
      if (stamp != NearCache.OFF) {
        return readToKeep(key, keyBytes, name, stamp);
      }
    }
    return decode(key, keyBytes, name, call(() -> redis.get(name)));
  }

  /**
   * Reads the manifest with its TTL ({@code GET} and {@code PTTL} sent together: one round trip),
   * and keeps it near until that TTL counted from before they were sent, so that the copy never
   * outlives its key, however late Redis notices the expiry.
   */
  private ChunkManifest readToKeep(String key, byte[] keyBytes, String name, long stamp)
      throws IOException {
    long sent = near.nanoTime();
    Read read = call(() -> {
      RedisFuture<byte[]> value = async.get(name);
      RedisFuture<Long> ttlMillis = async.pttl(name);
      long timeout = connection.timeout().toNanos();
      return new Read(LettuceFutures.awaitOrCancel(value, timeout, TimeUnit.NANOSECONDS),
          LettuceFutures.awaitOrCancel(ttlMillis, timeout, TimeUnit.NANOSECONDS));
    });
    ChunkManifest manifest = decode(key, keyBytes, name, read.value());
    if (manifest != null && read.ttlMillis() != null && read.ttlMillis() != -2) {
      // -1: no TTL (not set by a store); -2: gone since the GET (its invalidation is coming)
      long ttlNanos = read.ttlMillis() == -1 ? NO_TTL_NANOS
          : TimeUnit.MILLISECONDS.toNanos(read.ttlMillis());
      near.put(name, manifest, stamp, sent + ttlNanos);
    }
    return manifest;
  }

  /** This store changed {@code name} in Redis: its near copy, if any, goes at once. */
  private void written(String name) {
    if (near != null) {
      near.written(name);
    }
  }

  /** The manifest in {@code raw}, or null when absent or damaged (then removed and logged). */
  private ChunkManifest decode(String key, byte[] keyBytes, String name, byte[] raw) {
    if (raw == null) {
      return null;
    }
    try {
      return ChunkManifest.decode(raw, keyBytes);
    } catch (CorruptEntryException e) {
      discard(key, name, raw, e.getMessage());
      return null;
    }
  }

  /** Removes a damaged or incomplete entry, unless it was replaced meanwhile. Never throws. */
  private void discard(String key, String name, byte[] raw, String reason) {
    log.info("removing an entry that cannot be read whole key={} tier=redis: {}", key, reason);
    try {
      Long removed = call(() -> redis.eval(DELETE_IF_SAME, ScriptOutputType.INTEGER,
          new String[] {name}, raw));
      if (removed != null && removed > 0) {
        chunkTtls.retire(raw);
      }
    } catch (IOException e) {
      log.warn("cannot remove damaged entry key={} tier=redis", key, e);
    } finally {
      written(name);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private void ensureOpenForWrite() throws IOException {
    if (closed) {
      throw new IOException(this + " is closed; nothing was published");
    }
  }

  private static byte[] keyBytes(String key) {
    if (Objects.requireNonNull(key, "key").isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    return RedisKeys.keyBytes(key);
  }

  /** Commands failed at once while Redis stalled, since the store was opened; for tests. */
  long refusedWhileStalled() {
    return calls.refused();
  }

  /** Runs {@code command}; an answer renews the near cache's lease (see {@link NearCache}). */
  private <T> T call(RedisCalls.RedisCall<T> command) throws IOException {
    if (near == null) {
      return calls.call(command);
    }
    long sent = near.nanoTime();
    T result = calls.call(command);
    near.answered(sent);
    return result;
  }

  /** A manifest's value and its TTL in milliseconds, as {@code PTTL} gives it. */
  private record Read(byte[] value, Long ttlMillis) {}
}
