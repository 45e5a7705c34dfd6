package io.daramjwee.spring.tiers;

import io.daramjwee.spring.DaramjweeProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Refuses at startup tiers that keep their entries on the heap and together would take more than
 * {@value #SHARE_PERCENT}% of the maximum heap ({@link Runtime#maxMemory()}, what {@code -Xmx}
 * sets): {@code daramjwee.hot.memory.capacity} for the memory store, and
 * {@code daramjwee.hot.ehcache.heap-size} for Ehcache's heap pool. Such a tier does not fail when
 * built, since neither store allocates up front; it fails later, as an {@link OutOfMemoryError}
 * under load, far from the setting that caused it. Refused here, the failure names the
 * properties, their values and the heap.
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
 * <p>A default is not a choice: when the hot tier's size property is not set and its default
 * (64MB) is more than the share, {@link #fitDefault} lowers it to the share, rounded down to whole
 * MB, and says so at INFO, so the starter's defaults start in a small container (whose default
 * heap is a quarter of its memory). A value that was set is held to the share as it is.
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
   * Checks the tiers on the heap that the properties configure, the hot tier being {@code hot}
   * ({@code null} for none).
   *
   * @throws InvalidConfigurationPropertyValueException naming the largest such tier's property,
   *     when together they take more than {@link #limit()}
   */
  void check(StoreBackend hot, DaramjweeProperties properties) {
    check(onTheHeap(hot, properties));
  }

  /**
   * Lowers the hot tier's size to {@link #limit()}, rounded down to whole MB, when its property is
   * not set ({@code isSet} says which are) and its default is more than that; else does nothing.
   */
  void fitDefault(StoreBackend hot, DaramjweeProperties properties, Predicate<String> isSet) {
    for (Claim claim : onTheHeap(hot, properties)) {
      if (isSet.test(claim.property()) || claim.size().toBytes() <= limit()) {
        continue;
      }
      DataSize fitted = DataSize.ofBytes(roundedDown(limit()));
      if (hot == StoreBackend.MEMORY) {
        properties.getHot().getMemory().setCapacity(fitted);
      } else {
        properties.getHot().getEhcache().setHeapSize(fitted);
      }
      LOG.info("{} is not set, and its default of {} is more than {}% of the maximum heap of {}:"
          + " using {}; set it to choose", claim.property(), format(claim.size().toBytes()),
          SHARE_PERCENT, format(maxHeap), format(fitted.toBytes()));
    }
  }

  /** One tier's claim on the heap: the property that sizes it, and its value. */
  record Claim(String property, DataSize size) {}

  /** The claims of the tiers that keep their entries on the heap; only a hot tier can. */
  static List<Claim> onTheHeap(StoreBackend hot, DaramjweeProperties properties) {
    List<Claim> claims = new ArrayList<>(1);
    if (hot == StoreBackend.MEMORY) {
      claims.add(new Claim("daramjwee.hot.memory.capacity",
          properties.getHot().getMemory().getCapacity()));
    } else if (hot == StoreBackend.EHCACHE) {
      claims.add(new Claim("daramjwee.hot.ehcache.heap-size",
          properties.getHot().getEhcache().getHeapSize()));
    }
    return claims;
  }

  /** Checks {@code claims} against {@link #limit()}, failing as the other {@code check} does. */
  void check(List<Claim> claims) {
    long total = 0;
    Claim largest = null;
    for (Claim claim : claims) {
      long bytes = claim.size().toBytes();
      total = bytes > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + bytes;
      if (largest == null || bytes > largest.size().toBytes()) {
        largest = claim;
      }
    }
    if (largest == null || total <= limit()) {
      return;
    }
    StringBuilder named = new StringBuilder();
    for (Claim claim : claims) {
      named.append(named.isEmpty() ? "" : " and ").append(claim.property()).append('=')
          .append(format(claim.size().toBytes()));
    }
    String together = claims.size() > 1 ? ", " + format(total) + " together," : "";
    long neededMb = (long) Math.ceil(total * (100.0 / SHARE_PERCENT) / MB);
    throw new InvalidConfigurationPropertyValueException(largest.property(), largest.size(),
        named + together + " keeps more on the heap than the tiers may take: " + SHARE_PERCENT
            + "% of the maximum heap of " + format(maxHeap) + " (Runtime.maxMemory(), set by"
            + " -Xmx), which is " + format(limit()) + ". The rest is for the application,"
            + " Tomcat's buffers, bodies in flight and the garbage collector's headroom. Lower "
            + (claims.size() > 1 ? "them to at most " : "it to at most ")
            + format(roundedDown(limit())) + (claims.size() > 1 ? " together" : "")
            + ", raise the heap to at least -Xmx" + neededMb + "m, or keep the bytes off the"
            + " heap (daramjwee.hot.ehcache.off-heap-size or disk-size).");
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
