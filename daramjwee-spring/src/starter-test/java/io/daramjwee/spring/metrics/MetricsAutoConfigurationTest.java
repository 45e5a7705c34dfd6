package io.daramjwee.spring.metrics;

import static io.daramjwee.spring.TierTestSupport.get;
import static io.daramjwee.spring.TierTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.http.CacheResult;
import io.daramjwee.servlet.CacheListener;
import io.daramjwee.spring.BootLine;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MetricsAutoConfigurationTest {

  /** Boot's own metrics configuration, so the binder is bound as in an application. */
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(BootLine.metrics())
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class,
          DaramjweeMetricsAutoConfiguration.class))
      .withBean(MockClock.class, MockClock::new)
      .withPropertyValues("daramjwee.hot.type=memory");

  @Nested
  class Conditions {

    @Test
    void withARegistry_aListenerAndABinder() {
      runner.run(context -> assertThat(context).hasSingleBean(RequestMetrics.class)
          .hasSingleBean(StatsMetrics.class).hasBean("daramjweeRequestMetrics")
          .hasBean("daramjweeStatsMetrics"));
    }

    @Test
    void withoutMicrometer_noMeters() {
      // Without Micrometer there is no Boot metrics module either (Boot 4's needs Micrometer).
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class,
              DaramjweeMetricsAutoConfiguration.class))
          .withPropertyValues("daramjwee.hot.type=memory")
          .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
          .run(context -> assertThat(context).hasNotFailed()
              .doesNotHaveBean("daramjweeRequestMetrics").doesNotHaveBean("daramjweeStatsMetrics")
              .hasSingleBean(DaramjweeCache.class));
    }

    @Test
    void withoutARegistry_noMeters() {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class,
              DaramjweeMetricsAutoConfiguration.class))
          .run(context -> assertThat(context).doesNotHaveBean(RequestMetrics.class)
              .doesNotHaveBean(StatsMetrics.class));
    }

    @Test
    void withoutTheCache_noMeters() {
      runner.withPropertyValues("daramjwee.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean(RequestMetrics.class)
              .doesNotHaveBean(StatsMetrics.class));
    }

    @Test
    void userBeansOfTheSameNames_win() {
      CacheListener listener = (route, result, tier) -> {};
      MeterBinder binder = registry -> {};
      runner.withBean("daramjweeRequestMetrics", CacheListener.class, () -> listener)
          .withBean("daramjweeStatsMetrics", MeterBinder.class, () -> binder)
          .run(context -> {
            assertThat(context).doesNotHaveBean(RequestMetrics.class)
                .doesNotHaveBean(StatsMetrics.class);
            assertThat(context.getBean("daramjweeRequestMetrics")).isSameAs(listener);
          });
    }
  }

  @Nested
  class StatsMeters {

    @Test
    void theCachesCountersMove_whenTheCacheIsUsed() {
      runner.run(context -> {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        MockClock clock = context.getBean(MockClock.class);
        DaramjweeCache cache = context.getBean(DaramjweeCache.class);
        assertThat(count(registry, "daramjwee.origin.fetches")).isZero();

        AtomicInteger originCalls = new AtomicInteger();
        get(cache, "a", originCalls); // a miss: the origin answers
        set(cache, "b", "hello");
        get(cache, "b", originCalls); // a hit in the hot tier
        assertThat(count(registry, "daramjwee.origin.fetches"))
            .as("one snapshot serves the meters for a second").isZero();

        clock.add(StatsMetrics.SNAPSHOT_AGE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(count(registry, "daramjwee.origin.fetches")).isEqualTo(1);
        assertThat(count(registry, "daramjwee.misses")).isEqualTo(1);
        assertThat(registry.get("daramjwee.tier.hits").tag("tier", "hot").functionCounter()
            .count()).isEqualTo(1);
        assertThat(registry.get("daramjwee.store.errors").tag("tier", "hot").functionCounter()
            .count()).isZero();
        assertThat(gauge(registry, "daramjwee.store.entries")).isEqualTo(2);
        assertThat(gauge(registry, "daramjwee.store.size")).isPositive();
        assertThat(gauge(registry, "daramjwee.store.capacity")).isEqualTo(64 << 20);
        assertThat(registry.get("daramjwee.store.size").gauge().getId().getBaseUnit())
            .isEqualTo("bytes");
        assertThat(registry.get("daramjwee.worker.queue.depth").gauge().value()).isZero();
      });
    }

    @Test
    void everyMeter_isRegisteredWithADescription() {
      runner.run(context -> {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.find("daramjwee.worker.jobs.dropped").functionCounter()).isNotNull();
        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName()
                .startsWith("daramjwee."))
            .extracting(m -> m.getId().getName())
            .containsExactlyInAnyOrder("daramjwee.misses", "daramjwee.origin.fetches", "daramjwee.origin.errors",
                "daramjwee.origin.not.modified", "daramjwee.stale.hits", "daramjwee.collapsed",
                "daramjwee.published", "daramjwee.fills.aborted",
                "daramjwee.refreshes.scheduled", "daramjwee.worker.jobs.dropped",
                "daramjwee.worker.jobs.failed", "daramjwee.worker.queue.depth",
                "daramjwee.tier.hits", "daramjwee.store.errors", "daramjwee.store.size",
                "daramjwee.store.entries", "daramjwee.store.capacity",
                "daramjwee.purge.marks", "daramjwee.purge.pending", "daramjwee.purge.connected",
                "daramjwee.purge.reconciled", "daramjwee.purge.failures",
                "daramjwee.purge.failures");
        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName()
                .startsWith("daramjwee."))
            .allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
      });
    }
  }

  @Nested
  class RequestMeters {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RequestMetrics metrics =
        new RequestMetrics(registry, List.of("hot", "cold"));

    @Test
    void requests_areCountedByRouteResultAndTierName() {
      metrics.onRequest("articles", CacheResult.HIT, 0);
      metrics.onRequest("articles", CacheResult.HIT, 0);
      metrics.onRequest("articles", CacheResult.STALE_IF_ERROR, 1);
      metrics.onRequest("articles", CacheResult.MISS, -1);

      assertThat(requests("articles", "hit", "hot")).isEqualTo(2);
      assertThat(requests("articles", "stale-if-error", "cold")).isEqualTo(1);
      assertThat(requests("articles", "miss", "none")).isEqualTo(1);
      assertThat(registry.get("daramjwee.requests").counters()).hasSize(3);
    }

    @Test
    void bytes_areCountedByRouteAndTier_theOriginForNoTier() {
      metrics.onBodySent("articles", 0, 100);
      metrics.onBodySent("articles", 0, 20);
      metrics.onBodySent("articles", -1, 7);

      assertThat(registry.get("daramjwee.bytes.served").tags("route", "articles", "tier", "hot")
          .counter().count()).isEqualTo(120);
      assertThat(registry.get("daramjwee.bytes.served").tags("route", "articles", "tier",
          "origin").counter().count()).isEqualTo(7);
      assertThat(registry.get("daramjwee.bytes.served").counter().getId().getBaseUnit())
          .isEqualTo("bytes");
    }

    @Test
    void aTierItWasNotToldOf_isCountedByIndex() {
      metrics.onRequest("articles", CacheResult.HIT, 2);

      assertThat(requests("articles", "hit", "2")).isEqualTo(1);
    }

    private double requests(String route, String result, String tier) {
      return registry.get("daramjwee.requests")
          .tags("route", route, "result", result, "tier", tier).counter().count();
    }
  }

  private static double count(MeterRegistry registry, String name) {
    FunctionCounter counter = registry.get(name).functionCounter();
    return counter.count();
  }

  private static double gauge(MeterRegistry registry, String name) {
    Gauge gauge = registry.get(name).tag("tier", "hot").gauge();
    return gauge.value();
  }
}
