package io.daramjwee.store.ehcache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;

/**
 * Which chunked versions have open readers, so that replacing or deleting a key never removes
 * chunks a reader is still streaming: a version whose manifest is gone is <em>retired</em>, and its
 * chunks are reaped at once if nobody reads it, else when its last reader closes.
 *
 * <p>The race this must survive: a reader finds manifest A, then a commit replaces A and retires
 * it, finding no reader, and reaps its chunks. So a reader {@linkplain #open opens} A first and
 * then checks that A is still the key's manifest; a retire that came before the open is then seen
 * by that check (the manifest was replaced before it was retired), and one that comes after sees
 * the reader. Opens and retires of one version are atomic with respect to each other
 * ({@link ConcurrentHashMap#compute}).
 *
 * <p>Only versions with a reader are held, so memory grows with open readers, not with entries.
 * Inline bodies have no chunks and are never registered. In memory only: a restart forgets
 * nothing that matters, since no reader survives it.
 *
 * <p>Thread-safe.
 */
final class OpenReaders {

  private final ConcurrentHashMap<String, Version> versions = new ConcurrentHashMap<>();
  private final ObjIntConsumer<String> reaper;

  /** @param reaper removes the given count of chunks of a write id */
  OpenReaders(ObjIntConsumer<String> reaper) {
    this.reaper = reaper;
  }

  /** Registers a reader of {@code writeId}; pair with {@link #close}. */
  void open(String writeId, int chunkCount) {
    versions.compute(writeId, (id, v) -> {
      Version version = v == null ? new Version(chunkCount) : v;
      version.readers++;
      return version;
    });
  }

  /** Unregisters a reader; the last reader of a retired version reaps its chunks. */
  void close(String writeId) {
    boolean[] reap = new boolean[1];
    int[] count = new int[1];
    versions.computeIfPresent(writeId, (id, version) -> {
      if (--version.readers > 0) {
        return version;
      }
      reap[0] = version.retired;
      count[0] = version.chunkCount;
      return null;
    });
    if (reap[0]) {
      reaper.accept(writeId, count[0]);
    }
  }

  /**
   * Called once the manifest of {@code writeId} is no longer in the cache: reaps its chunks now
   * if it has no reader, else marks it for its last reader to reap.
   */
  void retire(String writeId, int chunkCount) {
    if (chunkCount == 0) {
      return;
    }
    boolean[] reap = new boolean[1];
    versions.compute(writeId, (id, version) -> {
      if (version == null) {
        reap[0] = true;
        return null;
      }
      version.retired = true;
      return version;
    });
    if (reap[0]) {
      reaper.accept(writeId, chunkCount);
    }
  }

  /** Versions with at least one open reader; for tests. */
  int openVersions() {
    return versions.size();
  }

  /** Mutated only inside {@code compute}, which serialises access per write id. */
  private static final class Version {
    final int chunkCount;
    int readers;
    boolean retired;

    Version(int chunkCount) {
      this.chunkCount = chunkCount;
    }
  }
}
