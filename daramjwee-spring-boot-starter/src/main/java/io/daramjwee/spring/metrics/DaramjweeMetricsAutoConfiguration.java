package io.daramjwee.spring.metrics;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the daramjwee cache, when Micrometer and a {@link MeterRegistry} are
 * present: {@code daramjwee.requests} and {@code daramjwee.bytes.served} counted as the filter
 * answers ({@link RequestMetrics}, a {@code CacheListener} the filter is given), and the cache's
 * own counters and store sizes read from it when published ({@link StatsMetrics}). Each bean backs
 * off for a bean of the same name, since both types are too general to tell the user's apart.
 */
@AutoConfiguration(after = DaramjweeAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({DaramjweeCache.class, DaramjweeTiers.class, MeterRegistry.class})
public class DaramjweeMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "daramjweeRequestMetrics")
  RequestMetrics daramjweeRequestMetrics(MeterRegistry registry, DaramjweeTiers tiers) {
    return new RequestMetrics(registry, tiers.tiers().stream().map(Tier::name).toList());
  }

  @Bean
  @ConditionalOnMissingBean(name = "daramjweeStatsMetrics")
  StatsMetrics daramjweeStatsMetrics(DaramjweeCache cache, DaramjweeTiers tiers) {
    return new StatsMetrics(cache, tiers);
  }
}
