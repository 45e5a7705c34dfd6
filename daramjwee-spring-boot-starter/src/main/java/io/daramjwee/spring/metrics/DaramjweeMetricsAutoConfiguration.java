package io.daramjwee.spring.metrics;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Micrometer meters of the daramjwee cache ({@link DaramjweeMetricsConfiguration}) on Spring Boot
 * 4, when Micrometer and a {@link MeterRegistry} are present. Ordered after Boot 4's Micrometer
 * auto-configuration, named by class so that a move of it breaks this build rather than silently
 * leaving the registry condition unmet (which is how a Boot 3 starter loses its meters on Boot 4).
 */
@AutoConfiguration(after = {DaramjweeAutoConfiguration.class, MetricsAutoConfiguration.class,
    CompositeMeterRegistryAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean({DaramjweeCache.class, DaramjweeTiers.class, MeterRegistry.class})
@Import(DaramjweeMetricsConfiguration.class)
public class DaramjweeMetricsAutoConfiguration {
}
