package io.daramjwee.spring.metrics;

import io.daramjwee.CacheStats;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.spring.tiers.StoreSize;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds the cache's own counters ({@link DaramjweeCache#stats()}) and its stores' sizes as meters. They
 * are function counters and gauges read when the registry publishes, so nothing polls the cache in
 * between; one snapshot serves a whole scrape ({@link StatsSnapshot}).
 *
 * <p>Per tier, by the tier's name: {@code daramjwee.tier.hits}, {@code daramjwee.store.errors},
 * and for the stores that count them ({@link StoreSize}) {@code daramjwee.store.size},
 * {@code daramjwee.store.entries} and {@code daramjwee.store.capacity}.
 *
 * <p>Thread-safe.
 */
final class StatsMetrics implements MeterBinder {

  /** How long one snapshot serves the meters: longer than a scrape, shorter than any interval. */
  static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

  private final DaramjweeCache cache;
  private final List<Tier> tiers;
  // Meters hold their object weakly: the snapshots live as long as this binder.
  private final List<StatsSnapshot> snapshots = new CopyOnWriteArrayList<>();

  StatsMetrics(DaramjweeCache cache, DaramjweeTiers tiers) {
    this.cache = cache;
    this.tiers = tiers.tiers();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    StatsSnapshot stats = new StatsSnapshot(cache, registry.config().clock(), SNAPSHOT_AGE);
    snapshots.add(stats);
    counter(registry, stats, "daramjwee.misses", CacheStats::misses,
        "Requests that found no servable entry in any tier and went to the origin");
    counter(registry, stats, "daramjwee.origin.fetches", CacheStats::originFetches,
        "Fetches the cache made itself: proxy-route misses and every refresh (a controller runs"
            + " its own misses, counted in daramjwee.misses)");
    counter(registry, stats, "daramjwee.origin.errors", CacheStats::originErrors,
        "Origin calls that failed");
    counter(registry, stats, "daramjwee.origin.not.modified", CacheStats::notModified,
        "Origin calls answered 304 Not Modified");
    counter(registry, stats, "daramjwee.stale.hits", CacheStats::staleHits,
        "Hits served past freshness");
    counter(registry, stats, "daramjwee.collapsed", CacheStats::collapsed,
        "Requests that waited for a concurrent miss on their key and were served its result");
    counter(registry, stats, "daramjwee.published", CacheStats::published,
        "Entries made visible in the hot tier by misses, promotions and refreshes");
    counter(registry, stats, "daramjwee.fills.aborted", CacheStats::fillsAborted,
        "Fills dropped: the client left, a read failed, or a newer write won");
    counter(registry, stats, "daramjwee.refreshes.scheduled", CacheStats::refreshesScheduled,
        "Background refreshes the worker accepted");
    counter(registry, stats, "daramjwee.worker.jobs.dropped", CacheStats::jobsDropped,
        "Background jobs dropped because the worker queue was full or closed");
    counter(registry, stats, "daramjwee.worker.jobs.failed", CacheStats::jobsFailed,
        "Background jobs that failed or timed out");
    Gauge.builder("daramjwee.worker.queue.depth", stats, s -> s.get().workerQueueDepth())
        .description("Background jobs waiting in the worker queue")
        .register(registry);
    for (int i = 0; i < tiers.size(); i++) {
      bindTier(registry, stats, i, tiers.get(i));
    }
  }

  private static void bindTier(MeterRegistry registry, StatsSnapshot stats, int index,
      Tier tier) {
    FunctionCounter.builder("daramjwee.tier.hits", stats,
            s -> StatsSnapshot.tier(s.get().tierHits(), index))
        .description("Hits served from the tier, fresh and stale")
        .tag("tier", tier.name())
        .register(registry);
    FunctionCounter.builder("daramjwee.store.errors", stats,
            s -> StatsSnapshot.tier(s.get().tierErrors(), index))
        .description("Failed operations of the tier's store; the cache skipped the tier")
        .tag("tier", tier.name())
        .register(registry);
    Store store = tier.store();
    if (!StoreSize.known(store)) {
      return;
    }
    // The stores count these in fields they keep anyway: no snapshot needed.
    gauge(registry, store, tier, "daramjwee.store.size", s -> StoreSize.of(s).size(),
        BaseUnits.BYTES, "Bytes the tier's store holds");
    gauge(registry, store, tier, "daramjwee.store.entries", s -> StoreSize.of(s).entries(),
        null, "Entries the tier's store holds");
    gauge(registry, store, tier, "daramjwee.store.capacity", s -> StoreSize.of(s).capacity(),
        BaseUnits.BYTES, "The most bytes the tier's store holds");
  }

  private static void counter(MeterRegistry registry, StatsSnapshot stats, String name,
      ToLongFunction<CacheStats> count, String description) {
    FunctionCounter.builder(name, stats, s -> count.applyAsLong(s.get()))
        .description(description)
        .register(registry);
  }

  private static void gauge(MeterRegistry registry, Store store, Tier tier, String name,
      ToDoubleFunction<Store> value, String baseUnit, String description) {
    Gauge.builder(name, store, value)
        .description(description)
        .baseUnit(baseUnit)
        .tag("tier", tier.name())
        .register(registry);
  }
}
