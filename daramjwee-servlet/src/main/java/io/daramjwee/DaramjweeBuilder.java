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

  /** The {@link #promotionProbation} hits by default: a lower-tier entry's second hit promotes. */
  public static final int DEFAULT_PROBATION_HITS = 2;
  /** The {@link #promotionProbation} window by default. */
  public static final Duration DEFAULT_PROBATION_WINDOW = Duration.ofMinutes(1);
  /** The share of its capacity an upper tier admits as one entry by default: an eighth. */
  private static final int UPPER_TIER_SHARE = 8;

  private List<Store> tiers;
  private int namedTiers; // the stores given to tiers(...), before the NullStore pad
  private List<String> tierNames; // null: tier0, tier1... by position
  private Duration fresh = Duration.ofMinutes(1);
  private Duration negativeFresh = Duration.ofSeconds(10);
  private final Map<Integer, Duration[]> tierFreshness = new HashMap<>();
  private final Map<Integer, Long> tierMaxEntrySizes = new HashMap<>();
  private int probationHits = DEFAULT_PROBATION_HITS;
  private Duration probationWindow = DEFAULT_PROBATION_WINDOW;
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

  /**
   * The largest entry {@code tier} admits, in bytes of body; {@link Long#MAX_VALUE} for no limit.
   * A value goes to the first tier that admits it: a miss whose length is known (a declared
   * {@code Content-Length}, {@link FetchResult#withLength}, {@link Lookup#fill(Metadata, long)})
   * is written straight into it; one of unknown length starts in the first tier and, when it
   * outgrows that tier, moves on to the next that admits more within the same pass (see
   * {@link DaramjweeCache}); and a lower-tier hit is promoted only into a tier that admits it.
   * Default: {@link #defaultMaxEntrySize} of the store's {@link Store#capacity()}, at most the
   * largest entry the store can serve ({@link Store#maxServableEntry()}). Must exceed neither,
   * which {@link #build()} checks.
   */
  public DaramjweeBuilder tierMaxEntrySize(int tier, long bytes) {
    if (tier < 0) {
      throw new IllegalArgumentException("tier must not be negative: " + tier);
    }
    if (bytes <= 0) {
      throw new IllegalArgumentException(
          "tier " + tier + " max entry size must be positive: " + bytes);
    }
    tierMaxEntrySizes.put(tier, bytes);
    return this;
  }

  /**
   * The largest entry a tier admits when {@link #tierMaxEntrySize} does not say: an eighth of
   * its store's {@code capacity} when a lower tier follows it, the whole capacity when it is the
   * last, and no limit when the store does not report a capacity (S3, Redis: -1).
   *
   * <p>Why an eighth: an entry admitted into a full tier evicts its own size of other entries,
   * so one that takes a large share of an upper tier flushes much of its working set for a single
   * object, and a memory tier holds the bytes of every write in flight on the heap until they
   * are committed; a lower tier takes the larger entries instead, without the origin (the memory
   * tier of 64 MB admits 8 MB; a 256 MiB report goes to the file tier). The last tier has nowhere
   * to send them, so there refusing an entry the store could hold would only mean not caching it.
   */
  public static long defaultMaxEntrySize(long capacity, boolean lowerTierFollows) {
    if (capacity <= 0) {
      return Long.MAX_VALUE;
    }
    return lowerTierFollows ? Math.max(1, capacity / UPPER_TIER_SHARE) : capacity;
  }

  /**
   * Promotion probation (the Go original's {@code WithPromotionProbation}): an entry found in a
   * lower tier is promoted into a tier above only once it has been hit {@code hits} times within
   * {@code window} of the first of those hits, so a one-off scan of the cold tier streams from it
   * without flushing the hot tier; until then each hit is served from the lower tier. {@code hits}
   * of 1 promotes on every lower-tier hit (probation off). Default: 2 hits within 1 minute, so an
   * entry read twice in a minute is promoted and one read once is not: a second read costs one
   * more lower-tier read for an entry that is popular, where promoting every entry a scan touches
   * would evict the hot tier's working set. The hits are counted in a fixed table of about
   * 160 KiB, whatever the key space.
   */
  public DaramjweeBuilder promotionProbation(int hits, Duration window) {
    if (hits < 1) {
      throw new IllegalArgumentException("probation hits must be at least 1: " + hits);
    }
    this.probationHits = hits;
    this.probationWindow = positive("probation window", window);
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
    return new TieredCache(tiers, names, freshness, admission(),
        new Probation(probationHits, probationWindow, clock), workerThreads, workerQueueSize,
        jobTimeout, opTimeout, closeTimeout, clock);
  }

  /** Each tier's largest entry, as set or by default; checked against the tiers. */
  private Admission admission() {
    for (int tier : tierMaxEntrySizes.keySet()) {
      if (tier >= tiers.size() || tiers.get(tier) == NullStore.INSTANCE) {
        throw new IllegalArgumentException("tierMaxEntrySize names tier " + tier
            + " but there are " + namedTiers + " tiers");
      }
    }
    long[] limits = new long[tiers.size()];
    for (int i = 0; i < limits.length; i++) {
      Store store = tiers.get(i);
      if (store == NullStore.INSTANCE) {
        limits[i] = -1;
        continue;
      }
      long capacity = store.capacity();
      Long set = tierMaxEntrySizes.get(i);
      if (set != null && capacity > 0 && set > capacity) {
        throw new IllegalArgumentException("tier " + i + " max entry size " + set
            + " exceeds the capacity of its store, " + capacity + ": " + store);
      }
      long servable = store.maxServableEntry();
      if (set != null && servable >= 0 && set > servable) {
        throw new IllegalArgumentException("tier " + i + " max entry size " + set
            + " exceeds the largest entry its store can serve, " + servable + ": " + store);
      }
      long limit = set != null ? set : defaultMaxEntrySize(capacity, lowerTierFollows(i));
      limits[i] = servable >= 0 && (limit < 0 || limit > servable) ? servable : limit;
    }
    return new Admission(limits);
  }

  private boolean lowerTierFollows(int tier) {
    for (int i = tier + 1; i < tiers.size(); i++) {
      if (tiers.get(i) != NullStore.INSTANCE) {
        return true;
      }
    }
    return false;
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
