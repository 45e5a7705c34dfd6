package io.daramjwee.spring;

import io.daramjwee.Store;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's tiers, hottest first, each named and typed so that health indicators, the actuator,
 * the metrics and the {@code Cache-Status} field ({@code detail=hot}) can describe them. The
 * auto-configuration builds one from {@code daramjwee.hot}, {@code daramjwee.warm} and
 * {@code daramjwee.cold} (named {@code hot}, {@code warm}, {@code cold}; an absent tier is left
 * out); an application that brings its own stores defines its own bean, with names the cache's
 * builder accepts ({@code DaramjweeBuilder.tierNames}: a letter, then letters, digits, {@code -},
 * {@code _} or {@code .}):
 *
 * <pre>{@code
 * @Bean
 * DaramjweeTiers daramjweeTiers() {
 *   return DaramjweeTiers.of(new DaramjweeTiers.Tier("hot", "memory",
 *       MemoryStore.builder().capacity(64L << 20).build()));
 * }
 * }</pre>
 *
 * <p>The tiers own their stores: {@link #close()} closes each store once, and the cache built over
 * them does not close them, so the context closes the cache first and then this.
 *
 * <p>Thread-safe and immutable, but for closing.
 */
public final class DaramjweeTiers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DaramjweeTiers.class);

  private final List<Tier> tiers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DaramjweeTiers(List<Tier> tiers) {
    this.tiers = List.copyOf(tiers);
    if (this.tiers.isEmpty()) {
      throw new IllegalArgumentException("at least one tier is required");
    }
    Set<String> names = new HashSet<>();
    for (Tier tier : this.tiers) {
      if (!names.add(tier.name())) {
        throw new IllegalArgumentException("tier name '" + tier.name() + "' is used twice");
      }
    }
  }

  /**
   * The tiers, hottest first.
   *
   * @throws IllegalArgumentException when there is none, or two share a name
   */
  public static DaramjweeTiers of(List<Tier> tiers) {
    return new DaramjweeTiers(Objects.requireNonNull(tiers, "tiers"));
  }

  /** The tiers, hottest first. */
  public static DaramjweeTiers of(Tier... tiers) {
    return of(List.of(tiers));
  }

  /** The tiers, hottest first; never empty. */
  public List<Tier> tiers() {
    return tiers;
  }

  /** The stores of {@link #tiers()}, in the same order, as the cache's builder takes them. */
  public Store[] stores() {
    return tiers.stream().map(Tier::store).toArray(Store[]::new);
  }

  /**
   * The names of {@link #tiers()}, in the same order, as the cache's builder takes them
   * ({@code DaramjweeBuilder.tierNames}): a hit's {@code Cache-Status} names the tier that
   * answered, e.g. {@code daramjwee; hit; detail=hot}.
   */
  public String[] names() {
    return tiers.stream().map(Tier::name).toArray(String[]::new);
  }

  /**
   * Closes every store, coldest first, once; later calls do nothing. A store that fails to close
   * does not keep the others open: its failure is thrown after the rest are closed.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    IOException first = null;
    for (int i = tiers.size() - 1; i >= 0; i--) {
      Tier tier = tiers.get(i);
      try {
        tier.store().close();
      } catch (IOException | RuntimeException e) {
        log.warn("closing tier={} type={} failed", tier.name(), tier.type(), e);
        IOException failure = e instanceof IOException io ? io
            : new IOException("closing tier " + tier.name() + " failed", e);
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "DaramjweeTiers" + tiers;
  }

  /**
   * The largest entry each of {@link #tiers()} admits, in the same order, as the cache's builder
   * takes them ({@code DaramjweeBuilder.tierMaxEntrySize}); -1 where the builder's default for the
   * store applies.
   */
  public long[] maxEntrySizes() {
    return tiers.stream().mapToLong(Tier::maxEntrySize).toArray();
  }

  /**
   * One tier.
   *
   * @param name what the tier is called, such as {@code hot} or {@code cold}
   * @param type what stores it, such as {@code ehcache}, {@code memory}, {@code file} or
   *     {@code s3}
   * @param store the store
   * @param maxEntrySize the largest response body the tier stores, in bytes; -1 for the cache's
   *     default for the store ({@code DaramjweeBuilder.defaultMaxEntrySize} of its capacity)
   */
  public record Tier(String name, String type, Store store, long maxEntrySize) {

    public Tier {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(store, "store");
      if (maxEntrySize == 0 || maxEntrySize < -1) {
        throw new IllegalArgumentException(
            "maxEntrySize of tier " + name + " must be positive, or -1: " + maxEntrySize);
      }
    }

    /** A tier with the cache's default largest entry for its store. */
    public Tier(String name, String type, Store store) {
      this(name, type, store, -1);
    }
  }
}
