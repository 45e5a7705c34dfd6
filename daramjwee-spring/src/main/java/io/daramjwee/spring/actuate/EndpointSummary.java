package io.daramjwee.spring.actuate;

import io.daramjwee.CacheStats;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.spring.WorkerProperties;
import io.daramjwee.spring.tiers.StoreSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code GET /actuator/daramjwee} answers: the settings, the tiers with their counters and
 * sizes, the routes, and the cache's counters. Durations and sizes are strings as
 * {@code Duration} and {@code DataSize} print them ({@code PT1M}, {@code 10485760B}), so the JSON
 * does not depend on how the endpoint's mapper writes them. Immutable.
 *
 * @param settings the {@code daramjwee.*} settings, or {@code null} when the application built
 *     the cache itself without them
 * @param tiers the tiers, hottest first; empty when the application has no tiers bean
 * @param routes the filter's routes; empty without a filter or its route table
 * @param stats the cache's counters
 * @param purges the purge marks, or {@code null} without a purge log bean
 */
record EndpointSummary(Settings settings, List<TierView> tiers, List<RouteView> routes,
    CacheStats stats, PurgeView purges) {

  static EndpointSummary of(CacheStats stats, DaramjweeProperties properties,
      DaramjweeTiers tiers, EndpointRoutes routes, PurgeLog purges) {
    List<TierView> tierViews = new ArrayList<>();
    if (tiers != null) {
      for (int i = 0; i < tiers.tiers().size(); i++) {
        tierViews.add(TierView.of(tiers.tiers().get(i), i, stats));
      }
    }
    return new EndpointSummary(properties == null ? null : Settings.of(properties),
        tierViews, routes == null ? List.of() : routes.routes(), stats,
        purges == null ? null : PurgeView.of(purges));
  }

  /**
   * The purge marks: how many are kept, how many the cluster has not confirmed, whether purges
   * reach the other instances now, whether this one caught up with theirs, and where they live.
   */
  record PurgeView(int marks, int pending, boolean connected, boolean reconciled, String where) {

    static PurgeView of(PurgeLog log) {
      return new PurgeView(log.marks(), log.pending(), log.connected(), log.reconciled(),
          log.describe());
    }
  }

  /**
   * The counter at {@code index} of a per-tier list, or 0 when the cache has fewer tiers than the
   * tiers bean (an application's own cache over other stores).
   */
  static long perTier(List<Long> perTier, int index) {
    return index < perTier.size() ? perTier.get(index) : 0;
  }

  /** The settings that shape every route. */
  record Settings(boolean enabled, boolean cacheStatus, String coalesceTimeout,
      String maxObjectSize, String freshFor, String staleFor, String staleIfError,
      String negativeFreshFor, Worker worker, String hot, String cold) {

    static Settings of(DaramjweeProperties p) {
      WorkerProperties w = p.getWorker();
      return new Settings(p.isEnabled(), p.isCacheStatus(), p.getCoalesceTimeout().toString(),
          p.getMaxObjectSize().toString(), p.getFreshFor().toString(),
          p.getStaleFor().toString(), p.getStaleIfError().toString(),
          p.getNegativeFreshFor().toString(),
          new Worker(w.getThreads(), w.getQueueSize(), w.getJobTimeout().toString()),
          lower(p.getHot().getType()), lower(p.getCold().getType()));
    }

    private static String lower(Enum<?> type) {
      return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The background worker's settings. */
  record Worker(int threads, int queueSize, String jobTimeout) {}

  /**
   * One tier. {@code size}, {@code entries} and {@code capacity} are {@code null} for a store
   * that does not count them (see {@link StoreSize}).
   */
  record TierView(String name, String type, String store, long hits, long errors, Long size,
      Integer entries, Long capacity) {

    static TierView of(Tier tier, int index, CacheStats stats) {
      StoreSize size = StoreSize.of(tier.store());
      return new TierView(tier.name(), tier.type(), tier.store().toString(),
          perTier(stats.tierHits(), index), perTier(stats.tierErrors(), index),
          size == null ? null : size.size(), size == null ? null : size.entries(),
          size == null ? null : size.capacity());
    }
  }

  /** One route, its freshness as its rules have it. */
  record RouteView(String id, String description, Set<String> tags, String freshFor,
      String staleFor, String staleIfError) {}
}
