package io.daramjwee.spring.tiers;

import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeProperties.Eviction;
import io.daramjwee.spring.FileStoreProperties;
import io.daramjwee.store.file.FileStoreBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Refuses at startup tiers that keep their entries, or their index, on the heap and together would
 * take more than {@value #SHARE_PERCENT}% of the maximum heap ({@link Runtime#maxMemory()}, what
 * {@code -Xmx} sets): {@code daramjwee.hot.memory.capacity} for the memory store,
 * {@code daramjwee.hot.ehcache.heap-size} for Ehcache's heap pool,
 * {@code daramjwee.warm.redis.near-cache-size} for a Redis warm tier's near cache, and for a file
 * store (hot or cold) the index of its {@code max-entries}, at {@link #indexBytesPerEntry} each.
 * Such a tier does not fail when built, since no store allocates up front; it fails later, as an
 * {@link OutOfMemoryError} under load, far from the setting that caused it. Refused here, the
 * failure names the properties, their values and the heap.
 *
 * <p>Why half: the other half is not idle. It holds the application and the framework (a Spring
 * MVC application on Tomcat takes some tens of MiB before serving anything), Tomcat's buffers and
 * request bodies in flight, the bodies daramjwee streams (an entry evicted while a reader streams
 * it stays on the heap until that reader is done, so a tier can briefly take up to twice its
 * size), and the collector's headroom: G1 and the parallel collector need free space to copy live
 * objects into, and a heap that is mostly live data collects often and long. Half is the line
 * where a tier that fills up still leaves all of that room; a larger share needs the application
 * measured, which a startup check cannot do.
 *
 * <p>A default is not a choice: when the claims are over the share and some come from properties
 * that were not set (the hot tier's size, whose default is 64MB; a file store's
 * {@code max-entries}, whose default follows its capacity), {@link #fitDefault} scales those down
 * together until all fit, and says so at INFO, so the starter's defaults start in a small
 * container (whose default heap is a quarter of its memory). A value that was set is held to the
 * share as it is.
 *
 * <p>There is no opt-out. Memory beyond the share belongs off the heap: Ehcache's
 * {@code off-heap-size} (direct memory, bounded by {@code -XX:MaxDirectMemorySize}, which defaults
 * to the maximum heap) or {@code disk-size}, neither of which counts here.
 *
 * <p>Immutable and thread-safe.
 */
final class MemoryBudget {

  /** The share of the maximum heap that tiers on the heap may take together, in percent. */
  static final int SHARE_PERCENT = 50;

  private static final Logger LOG = LoggerFactory.getLogger(MemoryBudget.class);

  private final long maxHeap;

  /** @param maxHeap the maximum heap in bytes; {@link Long#MAX_VALUE} when unbounded */
  MemoryBudget(long maxHeap) {
    this.maxHeap = maxHeap;
  }

  /** The budget of this JVM's heap. */
  static MemoryBudget ofThisJvm() {
    return new MemoryBudget(Runtime.getRuntime().maxMemory());
  }

  /** The most bytes the tiers on the heap may take together. */
  long limit() {
    if (maxHeap == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return maxHeap / 100 * SHARE_PERCENT + maxHeap % 100 * SHARE_PERCENT / 100;
  }

  /**
   * The heap one file store entry's index takes under {@code eviction}, rounded up from what
   * {@code FileIndexFootprint} measured on JDK 17 ({@code docs/BENCHMARKS.md}: 250 to 275 bytes
   * for LRU and SIEVE, 441 for S3-FIFO, whose ghost queue also keeps the names of as many evicted
   * entries).
   */
  static long indexBytesPerEntry(Eviction eviction) {
    return eviction == Eviction.S3_FIFO ? 512 : 320;
  }

  /**
   * Checks the tiers on the heap that the properties configure, the tiers being {@code hot},
   * {@code warm} and {@code cold} ({@code null} for none).
   *
   * @throws InvalidConfigurationPropertyValueException naming the largest such claim's property,
   *     when together they take more than {@link #limit()}
   */
  void check(StoreBackend hot, StoreBackend warm, StoreBackend cold,
      DaramjweeProperties properties) {
    check(onTheHeap(hot, warm, cold, properties));
  }

  /**
   * When the claims take more than {@link #limit()}, scales those whose property is not set
   * ({@code isSet} says which are; a file store's {@code max-entries} is unset while null) down
   * by one factor so that together with the set ones they fit, a size to whole MB; else does
   * nothing. Nothing is lowered when the set claims alone take the share: {@link #check} then
   * names them.
   */
  void fitDefault(StoreBackend hot, StoreBackend warm, StoreBackend cold,
      DaramjweeProperties properties, Predicate<String> isSet) {
    List<Claim> claims = onTheHeap(hot, warm, cold, properties);
    long fixed = 0;
    long flexible = 0;
    List<Claim> unset = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      boolean set = claim.entries() ? claim.value() != null : isSet.test(claim.property());
      if (set) {
        fixed = saturatedAdd(fixed, claim.bytes());
      } else {
        flexible = saturatedAdd(flexible, claim.bytes());
        unset.add(claim);
      }
    }
    long room = limit() - fixed;
    if (unset.isEmpty() || saturatedAdd(fixed, flexible) <= limit() || room <= 0) {
      return;
    }
    double factor = room / (double) flexible;
    for (Claim claim : unset) {
      String fitted = fit(claim, factor, properties);
      LOG.info("{} is not set, and its default of {}, with the other tiers on the heap, is more"
          + " than {}% of the maximum heap of {}: using {}; set it to choose", claim.property(),
          claim.shown(), SHARE_PERCENT, format(maxHeap), fitted);
    }
  }

  /** Sets {@code claim}'s property to its value scaled by {@code factor}; returns it as shown. */
  private static String fit(Claim claim, double factor, DaramjweeProperties properties) {
    long bytes = (long) Math.floor(claim.bytes() * factor);
    switch (claim.property()) {
      case HOT_FILE_ENTRIES, COLD_FILE_ENTRIES -> {
        FileStoreProperties file = claim.property().equals(HOT_FILE_ENTRIES)
            ? properties.getHot().getFile() : properties.getCold().getFile();
        long perEntry = indexBytesPerEntry(file.getEviction());
        long entries = Math.max(1, bytes / perEntry);
        file.setMaxEntries(entries);
        return entries + " entries (" + format(entries * perEntry) + " of index)";
      }
      case HOT_MEMORY_CAPACITY -> properties.getHot().getMemory()
          .setCapacity(DataSize.ofBytes(roundedDown(bytes)));
      case HOT_EHCACHE_HEAP -> properties.getHot().getEhcache()
          .setHeapSize(DataSize.ofBytes(roundedDown(bytes)));
      // A near cache left unset is off and claims nothing, so it is never scaled.
      default -> throw new IllegalStateException("no default to fit: " + claim.property());
    }
    return format(roundedDown(bytes));
  }

  static final String HOT_MEMORY_CAPACITY = "daramjwee.hot.memory.capacity";
  static final String HOT_EHCACHE_HEAP = "daramjwee.hot.ehcache.heap-size";
  static final String HOT_FILE_ENTRIES = "daramjwee.hot.file.max-entries";
  static final String COLD_FILE_ENTRIES = "daramjwee.cold.file.max-entries";
  static final String WARM_NEAR_CACHE = "daramjwee.warm.redis.near-cache-size";

  /**
   * One tier's claim on the heap: the property that sizes it, its value (null for a file store's
   * {@code max-entries} left to its default), and the bytes it stands for.
   */
  record Claim(String property, Object value, long bytes) {

    /** A claim of a size: the value is the bytes. */
    Claim(String property, DataSize size) {
      this(property, size, size.toBytes());
    }

    /** Whether it is a file store's index, its value a number of entries. */
    boolean entries() {
      return property.endsWith(".max-entries");
    }

    /** The value as the failure and the log show it. */
    String shown() {
      return entries() ? (value == null ? "" : value + " entries, ") + "an index of about "
          + format(bytes) : format(bytes);
    }
  }

  /**
   * The claims of the tiers that keep their entries, or their index, on the heap: the hot tier's
   * memory store or Ehcache heap pool, a file store's index, a Redis warm tier's near cache.
   */
  static List<Claim> onTheHeap(StoreBackend hot, StoreBackend warm, StoreBackend cold,
      DaramjweeProperties properties) {
    List<Claim> claims = new ArrayList<>(3);
    if (hot == StoreBackend.MEMORY) {
      claims.add(new Claim(HOT_MEMORY_CAPACITY, properties.getHot().getMemory().getCapacity()));
    } else if (hot == StoreBackend.EHCACHE) {
      claims.add(new Claim(HOT_EHCACHE_HEAP, properties.getHot().getEhcache().getHeapSize()));
    } else if (hot == StoreBackend.FILE) {
      claims.add(indexClaim(HOT_FILE_ENTRIES, properties.getHot().getFile()));
    }
    if (warm == StoreBackend.REDIS
        && properties.getWarm().getRedis().getNearCacheSize().toBytes() > 0) {
      claims.add(new Claim(WARM_NEAR_CACHE, properties.getWarm().getRedis().getNearCacheSize()));
    }
    if (cold == StoreBackend.FILE) {
      claims.add(indexClaim(COLD_FILE_ENTRIES, properties.getCold().getFile()));
    }
    return claims;
  }

  private static Claim indexClaim(String property, FileStoreProperties file) {
    long entries = file.getMaxEntries() != null ? file.getMaxEntries()
        : FileStoreBuilder.defaultMaxEntries(file.getCapacity().toBytes());
    return new Claim(property, file.getMaxEntries(),
        entries * indexBytesPerEntry(file.getEviction()));
  }

  /** Checks {@code claims} against {@link #limit()}, failing as the other {@code check} does. */
  void check(List<Claim> claims) {
    long total = 0;
    Claim largest = null;
    for (Claim claim : claims) {
      total = saturatedAdd(total, claim.bytes());
      if (largest == null || claim.bytes() > largest.bytes()) {
        largest = claim;
      }
    }
    if (largest == null || total <= limit()) {
      return;
    }
    StringBuilder named = new StringBuilder();
    boolean anIndex = false;
    for (Claim claim : claims) {
      named.append(named.isEmpty() ? "" : " and ").append(claim.property())
          .append(claim.entries() ? " (" + claim.shown() + ")" : "=" + claim.shown());
      anIndex |= claim.entries();
    }
    String together = claims.size() > 1 ? ", " + format(total) + " together," : "";
    long neededMb = (long) Math.ceil(total * (100.0 / SHARE_PERCENT) / MB);
    throw new InvalidConfigurationPropertyValueException(largest.property(), largest.value(),
        named + together + " keeps more on the heap than the tiers may take: " + SHARE_PERCENT
            + "% of the maximum heap of " + format(maxHeap) + " (Runtime.maxMemory(), set by"
            + " -Xmx), which is " + format(limit()) + ". The rest is for the application,"
            + " Tomcat's buffers, bodies in flight and the garbage collector's headroom. Lower "
            + (claims.size() > 1 ? "them to at most " : "it to at most ")
            + format(roundedDown(limit())) + (claims.size() > 1 ? " together" : "")
            + ", raise the heap to at least -Xmx" + neededMb + "m, or keep the bytes off the"
            + " heap (daramjwee.hot.ehcache.off-heap-size or disk-size"
            + (anIndex ? "; a file store's index takes about " + indexBytesPerEntry(Eviction.LRU)
                + " bytes per entry, " + indexBytesPerEntry(Eviction.S3_FIFO) + " with s3-fifo"
                : "") + ").");
  }

  private static long saturatedAdd(long a, long b) {
    return b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b;
  }

  private static final long MB = DataSize.ofMegabytes(1).toBytes();

  /** {@code bytes} down to whole MB, from 1MB up. */
  private static long roundedDown(long bytes) {
    return bytes < MB ? bytes : bytes / MB * MB;
  }

  /** Bytes as Spring Boot's {@link DataSize} spells them: in MB from 1MB up, to a tenth. */
  static String format(long bytes) {
    if (bytes < MB) {
      return bytes + "B";
    }
    return bytes % MB == 0 ? bytes / MB + "MB"
        : String.format(Locale.ROOT, "%.1fMB", bytes / (double) MB);
  }
}
