package io.daramjwee.store.ehcache;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.store.chunked.ChunkManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ehcache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes, when a store with a persistent disk tier starts, the chunks no manifest references:
 * those of writes a crash interrupted, of versions whose last reader was open at a crash, and of
 * manifests Ehcache evicted on its own (it evicts entries one by one, not a manifest with its
 * chunks). Damaged manifests go too. Between starts such orphans are bounded only by the cache's
 * own size limit, which evicts them like any entry; no orphan outlives a restart.
 *
 * <p>Cost: one pass over the cache, which reads every value (Ehcache iterates entries, not keys),
 * so a start reads the whole disk tier once; memory holds one id per live manifest and the names
 * of the orphans.
 *
 * <p>Runs before the store is handed out, so nothing writes concurrently; not thread-safe.
 */
final class OrphanSweep {

  private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

  private OrphanSweep() {}

  /** Sweeps {@code cache} and returns how many entries it removed. */
  static int sweep(Cache<String, byte[]> cache) {
    Set<String> live = new HashSet<>();
    List<String> chunks = new ArrayList<>();
    List<String> damaged = new ArrayList<>();
    for (Cache.Entry<String, byte[]> entry : cache) {
      String name = entry.getKey();
      if (Keys.isManifest(name)) {
        try {
          live.add(ChunkManifest.decode(entry.getValue(), null).writeId());
        } catch (CorruptEntryException e) {
          damaged.add(name);
        }
      } else if (Keys.writeIdOfChunk(name) != null) {
        chunks.add(name);
      }
    }
    int removed = 0;
    for (String name : damaged) {
      log.warn("removed damaged manifest {} tier=ehcache at start", name);
      cache.remove(name);
      removed++;
    }
    for (String name : chunks) {
      if (!live.contains(Keys.writeIdOfChunk(name))) {
        cache.remove(name);
        removed++;
      }
    }
    if (removed > 0) {
      log.info("swept {} orphan entries tier=ehcache ({} manifests kept)", removed, live.size());
    }
    return removed;
  }
}
