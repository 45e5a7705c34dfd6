package io.daramjwee;

import java.io.Closeable;
import java.io.IOException;

/**
 * One tier of the cache: an opaque key to (metadata, body) map that knows nothing of HTTP.
 *
 * <p>The contract every implementation obeys (and {@code StoreContractTest} proves):
 * <ul>
 *   <li>a write becomes visible only when its {@link StoreWriter#commit()} returns; until then the
 *       previous value, if any, stays visible; after {@link StoreWriter#abort()} or a failed commit
 *       nothing of the write is visible, never a partial body;
 *   <li>a reader that already opened an entry keeps reading the bytes of that entry even if the key
 *       is replaced or deleted meanwhile; a store that reads an entry in more than one request (S3)
 *       may take the entry's version at its first read instead, and then fails a read of a key
 *       replaced between the open and that read with an {@code IOException}, never with a mix of
 *       two versions;
 *   <li>{@link #delete} of a missing key succeeds and never waits for an open writer;
 *   <li>a store that persists bytes carries a checksum: a corrupted entry reads as not found
 *       (and is removed), never as wrong bytes.
 * </ul>
 *
 * <p>Implementations are thread-safe. A store does not own the keys' meaning: keys are any
 * non-empty strings, of any length and alphabet; a store that has naming rules (files, S3) maps
 * them itself.
 */
public interface Store extends Closeable {

  /**
   * Opens the entry for {@code key}.
   *
   * @return the entry, which the caller must close, or {@code null} when there is none
   * @throws IOException when the store cannot be read; a corrupted entry is not an error but a
   *     miss. A store that can verify its checksum only at the end of the body fails that read
   *     with {@link CorruptEntryException} instead, and removes the entry.
   */
  StoredEntry getStream(String key) throws IOException;

  /**
   * Starts a write of {@code key}. Nothing is visible until {@link StoreWriter#commit()}.
   *
   * @throws IOException when the store cannot accept writes
   */
  StoreWriter setWithWriter(String key, Metadata metadata) throws IOException;

  /** Removes {@code key}; succeeds when it is absent. Never waits for an open writer of the key. */
  void delete(String key) throws IOException;

  /** Returns the metadata of {@code key} without opening its body, or {@code null} when absent. */
  Metadata stat(String key) throws IOException;

  /**
   * Why this store must not be tier 0, or {@code null} when it may be. Tier 0 is read on every hit
   * and replaced under its readers, so a store that cannot replace an entry atomically (copying
   * onto a network file system, say) refuses here, and the cache will not build with it as tier 0.
   */
  default String hotTierRefusal() {
    return null;
  }

  /**
   * The most bytes this store holds, or -1 when it does not bound its size or does not say (the
   * default): the cache derives the largest entry a tier admits from it when the builder sets none
   * ({@link DaramjweeBuilder#tierMaxEntrySize}). The memory and file stores report their
   * configured capacity; S3 and Redis have no bound of their own that the store could see.
   */
  default long capacity() {
    return -1;
  }

  /**
   * The largest entry this store can serve, or -1 when it can serve any it holds (the default):
   * the cache admits no larger entry to this tier, whatever its capacity. The Ehcache store
   * answers its {@code maxPinnedBytes}, since a reader pins its whole entry.
   */
  default long maxServableEntry() {
    return -1;
  }

  /**
   * Whether entries outlive this process: a file, S3, Redis or persistent Ehcache disk store does,
   * a memory store does not. Such an entry may predate a purge this process has not heard of yet,
   * so a cluster member serves it only once its purge marks are reconciled. Default: true, the
   * safe answer for a store that does not say.
   */
  default boolean survivesRestart() {
    return true;
  }

  /** Releases the store's resources. The default holds none. */
  @Override
  default void close() throws IOException {}
}
