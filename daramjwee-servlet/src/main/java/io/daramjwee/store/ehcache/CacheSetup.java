package io.daramjwee.store.ehcache;

import java.net.URL;
import java.nio.file.Path;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.PersistentCacheManager;
import org.ehcache.config.ResourcePools;
import org.ehcache.config.ResourceType;
import org.ehcache.config.SizedResourcePool;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.xml.XmlConfiguration;

/**
 * Builds and initialises the Ehcache {@link CacheManager} behind an {@link EhcacheStore}, from the
 * builder's sizes or from a user's XML file, and finds the one cache the store uses.
 *
 * <p>The heap pool is sized in entries, not bytes: Ehcache sizes a byte-bounded heap by walking
 * each value's object graph with reflection, which JDK 17 refuses into {@code java.base} without
 * {@code --add-opens} (it warns and underestimates). Every value is at most one chunk plus its
 * checksum (a manifest is smaller, see {@link EhcacheStoreBuilder#inlineThreshold}), so
 * {@code heapBytes / chunkSize} entries bound the heap to the bytes asked for; a heap of mostly
 * small entries holds fewer bytes than it could. Off-heap and disk pools hold serialized bytes and
 * are sized in bytes, as asked.
 *
 * <p>Stateless and thread-safe.
 */
final class CacheSetup {

  /** The alias of the cache the builder configures. */
  static final String ALIAS = "daramjwee";

  private CacheSetup() {}

  /**
   * An initialised manager, the store's cache in it, whether its disk tier persists, and the
   * count of its disk pool's pending writes (null without a disk pool, or for an XML manager).
   */
  record Opened(CacheManager manager, Cache<String, byte[]> cache, boolean persistentDisk,
      DiskWriteBacklog backlog, String description) {

    /**
     * The bytes the cache's heap pool holds at most: its size when sized in memory units, its
     * entries times {@code chunkSize} (the largest value the store puts) when sized in entries,
     * 0 when there is no heap pool.
     */
    long heapBytes(int chunkSize) {
      SizedResourcePool heap = cache.getRuntimeConfiguration().getResourcePools()
          .getPoolForResource(ResourceType.Core.HEAP);
      if (heap == null) {
        return 0;
      }
      return heap.getUnit() instanceof MemoryUnit unit ? unit.toBytes(heap.getSize())
          : heap.getSize() * chunkSize;
    }
  }

  /** A manager holding one cache of the given pools; sizes of 0 leave a pool out. */
  static Opened fromSizes(long heapEntries, long offHeapBytes, long diskBytes, Path directory,
      boolean persistent) {
    ResourcePoolsBuilder pools =
        ResourcePoolsBuilder.newResourcePoolsBuilder().heap(heapEntries, EntryUnit.ENTRIES);
    if (offHeapBytes > 0) {
      pools = pools.offheap(offHeapBytes, MemoryUnit.B);
    }
    if (diskBytes > 0) {
      pools = pools.disk(diskBytes, MemoryUnit.B, persistent);
    }
    CacheConfigurationBuilder<String, byte[]> config =
        CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, byte[].class, pools);
    CacheManager manager;
    // A disk pool writes behind: its backlog is counted, so writers can wait for room.
    DiskWriteBacklog backlog = diskBytes > 0 ? new DiskWriteBacklog() : null;
    if (directory == null) {
      CacheManagerBuilder<CacheManager> builder = CacheManagerBuilder.newCacheManagerBuilder();
      manager = (backlog == null ? builder : builder.using(backlog))
          .withCache(ALIAS, config).build(true);
    } else {
      CacheManagerBuilder<PersistentCacheManager> builder = CacheManagerBuilder
          .newCacheManagerBuilder().with(CacheManagerBuilder.persistence(directory.toFile()));
      manager = (backlog == null ? builder : builder.using(backlog))
          .withCache(ALIAS, config).build(true);
    }
    Cache<String, byte[]> cache = manager.getCache(ALIAS, String.class, byte[].class);
    return new Opened(manager, cache, diskBytes > 0 && persistent, backlog,
        "heap=" + heapEntries + " entries" + (offHeapBytes > 0 ? ", offHeap=" + offHeapBytes : "")
            + (diskBytes > 0 ? ", disk=" + diskBytes + (persistent ? " persistent" : "")
                + " in " + directory : ""));
  }

  /**
   * A manager configured by the XML at {@code url}, and its cache {@code alias}.
   *
   * @throws IllegalArgumentException when the file does not parse, declares no cache
   *     {@code alias}, or declares it with key or value types other than {@code java.lang.String}
   *     and {@code byte[]}
   */
  static Opened fromXml(URL url, String alias) {
    XmlConfiguration xml;
    try {
      xml = new XmlConfiguration(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("xmlConfiguration " + url + " is not a valid Ehcache 3"
          + " configuration: " + e.getMessage(), e);
    }
    var declared = xml.getCacheConfigurations().get(alias);
    if (declared == null) {
      throw new IllegalArgumentException("xmlConfiguration " + url + " declares no cache '" + alias
          + "'; it declares " + xml.getCacheConfigurations().keySet());
    }
    if (declared.getKeyType() != String.class || declared.getValueType() != byte[].class) {
      throw new IllegalArgumentException("cache '" + alias + "' in " + url + " must declare"
          + " key-type java.lang.String and value-type [B (byte[]), not "
          + declared.getKeyType().getName() + " and " + declared.getValueType().getName());
    }
    CacheManager manager = CacheManagerBuilder.newCacheManager(xml);
    manager.init();
    try {
      Cache<String, byte[]> cache = manager.getCache(alias, String.class, byte[].class);
      ResourcePools pools = cache.getRuntimeConfiguration().getResourcePools();
      SizedResourcePool disk = pools.getPoolForResource(ResourceType.Core.DISK);
      // Its services are the XML's: a disk pool's write-behind backlog is not counted.
      return new Opened(manager, cache, disk != null && disk.isPersistent(), null,
          "xml=" + url + ", cache=" + alias);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }
}
