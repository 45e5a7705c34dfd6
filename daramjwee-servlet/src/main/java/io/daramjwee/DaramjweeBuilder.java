package io.daramjwee;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures and builds a {@link DaramjweeCache}. Every setter validates at once and names the bad
 * value; {@link #build()} checks what depends on several settings. Not thread-safe.
 */
public final class DaramjweeBuilder {

  private List<Store> tiers;
  private int namedTiers; // the stores given to tiers(...), before the NullStore pad
  private List<String> tierNames; // null: tier0, tier1... by position
  private Duration fresh = Duration.ofMinutes(1);
  private Duration negativeFresh = Duration.ofSeconds(10);
  private final Map<Integer, Duration[]> tierFreshness = new HashMap<>();
  private Duration staleWindow = Duration.ZERO;
  private Duration staleIfError = Duration.ZERO;
  private int workerThreads = 2;
  private int workerQueueSize = 1024;
  private Duration jobTimeout = Duration.ofSeconds(30);
  private Duration opTimeout = Duration.ofSeconds(5);
  private Duration closeTimeout = Duration.ofSeconds(10);
  private Clock clock = Clock.systemUTC();

  DaramjweeBuilder() {}

  /**
   * The tiers, hottest first; required. With one tier, the cold tier is {@link NullStore}. A store
   * may appear once, and tier 0 may be neither the {@link NullStore} nor a store that refuses it
   * ({@link Store#hotTierRefusal()}).
   */
  public DaramjweeBuilder tiers(Store... stores) {
    Objects.requireNonNull(stores, "stores");
    if (stores.length == 0) {
      throw new IllegalArgumentException("at least one tier is required");
    }
    Map<Store, Boolean> seen = new IdentityHashMap<>();
    for (int i = 0; i < stores.length; i++) {
      Store s = Objects.requireNonNull(stores[i], "tier " + i);
      if (seen.put(s, Boolean.TRUE) != null && s != NullStore.INSTANCE) {
        throw new IllegalArgumentException("tier " + i + " repeats store " + s);
      }
    }
    if (stores[0] == NullStore.INSTANCE) {
      throw new IllegalArgumentException("tier 0 must be a real store, not NullStore");
    }
    String refusal = stores[0].hotTierRefusal();
    if (refusal != null) {
      throw new IllegalArgumentException(stores[0] + " cannot be tier 0: " + refusal);
    }
    namedTiers = stores.length;
    List<Store> list = new ArrayList<>(Arrays.asList(stores));
    if (list.size() == 1) {
      list.add(NullStore.INSTANCE);
    }
    this.tiers = Collections.unmodifiableList(list);
    return this;
  }

  /**
   * Names the tiers given to {@link #tiers}, one name each in the same order: a hit's RFC 9211
   * {@code Cache-Status} names the tier that answered in its {@code detail} (as the RFC's own
   * example {@code detail=MEMORY} does), e.g. {@code daramjwee; hit; ttl=42; detail=hot}. Default
   * {@code tier0}, {@code tier1}, and so on. A name is sent bare in the field, so it is 1 to 64
   * characters: a letter, then letters, digits, {@code -}, {@code _} or {@code .}; no two tiers
   * share one. The count is checked against {@link #tiers} by {@link #build()}.
   */
  public DaramjweeBuilder tierNames(String... names) {
    Objects.requireNonNull(names, "names");
    if (names.length == 0) {
      throw new IllegalArgumentException("at least one tier name is required");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.length; i++) {
      String name = Objects.requireNonNull(names[i], "tier name " + i);
      checkTierName(name);
      if (!seen.add(name)) {
        throw new IllegalArgumentException("tier name '" + name + "' is used twice");
      }
    }
    this.tierNames = List.of(names);
    return this;
  }

  /**
   * How long an entry is fresh, and a negative entry; defaults 1 minute and 10 seconds. Zero means
   * every hit is stale.
   */
  public DaramjweeBuilder freshness(Duration fresh, Duration negativeFresh) {
    this.fresh = nonNegative("fresh", fresh);
    this.negativeFresh = nonNegative("negativeFresh", negativeFresh);
    return this;
  }

  /** Freshness for entries found in {@code tier}, overriding {@link #freshness}. */
  public DaramjweeBuilder tierFreshness(int tier, Duration fresh, Duration negativeFresh) {
    if (tier < 0) {
      throw new IllegalArgumentException("tier must not be negative: " + tier);
    }
    tierFreshness.put(tier, new Duration[] {
        nonNegative("tier " + tier + " fresh", fresh),
        nonNegative("tier " + tier + " negativeFresh", negativeFresh)});
    return this;
  }

  /** How long past freshness an entry is still served while one refresh runs; default zero. */
  public DaramjweeBuilder staleWindow(Duration staleWindow) {
    this.staleWindow = nonNegative("staleWindow", staleWindow);
    return this;
  }

  /** How long past freshness an entry is served when the origin fails; default zero. */
  public DaramjweeBuilder staleIfError(Duration staleIfError) {
    this.staleIfError = nonNegative("staleIfError", staleIfError);
    return this;
  }

  /**
   * The background worker: threads, queue capacity (a full queue drops jobs, never blocks), and
   * the time a job may run before it is interrupted. Defaults 2, 1024, 30 seconds.
   */
  public DaramjweeBuilder worker(int threads, int queueSize, Duration jobTimeout) {
    if (threads < 1) {
      throw new IllegalArgumentException("worker threads must be at least 1: " + threads);
    }
    if (queueSize < 1) {
      throw new IllegalArgumentException("worker queue size must be at least 1: " + queueSize);
    }
    this.workerThreads = threads;
    this.workerQueueSize = queueSize;
    this.jobTimeout = positive("jobTimeout", jobTimeout);
    return this;
  }

  /**
   * How long a get waits for a concurrent miss on the same key before fetching for itself;
   * default 5 seconds.
   */
  public DaramjweeBuilder opTimeout(Duration opTimeout) {
    this.opTimeout = positive("opTimeout", opTimeout);
    return this;
  }

  /** How long {@link DaramjweeCache#close()} waits for background work; default 10 seconds. */
  public DaramjweeBuilder closeTimeout(Duration closeTimeout) {
    this.closeTimeout = nonNegative("closeTimeout", closeTimeout);
    return this;
  }

  /** The time source for freshness; default {@link Clock#systemUTC()}. */
  public DaramjweeBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Builds the cache and starts its worker. */
  public DaramjweeCache build() {
    if (tiers == null) {
      throw new IllegalStateException("tiers(...) is required");
    }
    if (tierNames != null && tierNames.size() != namedTiers) {
      throw new IllegalArgumentException("tierNames names " + tierNames.size()
          + " tiers but tiers(...) has " + namedTiers + ": " + tierNames);
    }
    for (int tier : tierFreshness.keySet()) {
      if (tier >= tiers.size()) {
        throw new IllegalArgumentException(
            "tierFreshness names tier " + tier + " but there are " + tiers.size() + " tiers");
      }
    }
    Duration[][] perTier = new Duration[tiers.size()][];
    for (int i = 0; i < perTier.length; i++) {
      perTier[i] = tierFreshness.getOrDefault(i, new Duration[] {fresh, negativeFresh});
    }
    FreshnessPolicy freshness = new FreshnessPolicy(perTier, staleWindow, staleIfError);
    String[] names = new String[tiers.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = tierNames != null && i < tierNames.size() ? tierNames.get(i) : defaultTierName(i);
    }
    return new TieredCache(tiers, names, freshness, workerThreads, workerQueueSize, jobTimeout,
        opTimeout, closeTimeout, clock);
  }

  /** The name of tier {@code tier} when {@link #tierNames} gave none. */
  static String defaultTierName(int tier) {
    return "tier" + tier;
  }

  /** Letters, digits, '-', '_', '.' after a letter: an RFC 8941 token, sent without quotes. */
  private static void checkTierName(String name) {
    boolean valid = !name.isEmpty() && name.length() <= 64 && isLetter(name.charAt(0));
    for (int i = 1; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid = isLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }
    if (!valid) {
      throw new IllegalArgumentException("tier name must be 1 to 64 characters, a letter and then"
          + " letters, digits, '-', '_' or '.': '" + name + "'");
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static Duration nonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
    return d;
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}
