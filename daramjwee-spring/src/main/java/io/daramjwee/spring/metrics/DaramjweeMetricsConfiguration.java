package io.daramjwee.spring.metrics;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The meters of the daramjwee cache: {@code daramjwee.requests} and {@code daramjwee.bytes.served}
 * counted as the filter answers ({@link RequestMetrics}, a {@code CacheListener} the filter is
 * given), and the cache's own counters and store sizes read from it when published
 * ({@link StatsMetrics}). Each bean backs off for a bean of the same name, since both types are too
 * general to tell the user's apart.
 *
 * <p>Plain Micrometer, the same on every Boot generation. Imported by each starter's
 * {@code DaramjweeMetricsAutoConfiguration}, which orders it after that generation's Micrometer
 * auto-configuration, so that the registry bean it needs is known when it is read.
 */
@Configuration(proxyBeanMethods = false)
class DaramjweeMetricsConfiguration {

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

  @Bean
  @ConditionalOnMissingBean(name = "daramjweePurgeMetrics")
  @ConditionalOnBean(PurgeLog.class)
  PurgeMetrics daramjweePurgeMetrics(PurgeLog purgeLog) {
    return new PurgeMetrics(purgeLog);
  }
}
