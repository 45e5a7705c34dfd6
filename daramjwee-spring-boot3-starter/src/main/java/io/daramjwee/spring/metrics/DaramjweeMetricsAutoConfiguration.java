package io.daramjwee.spring.metrics;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

/**
 * Micrometer meters of the daramjwee cache ({@link DaramjweeMetricsConfiguration}) on Spring Boot
 * 3.5, when Micrometer and a {@link MeterRegistry} are present. Ordered after Boot 3's Micrometer
 * auto-configuration, named by class so that this build fails, rather than the meters silently
 * vanishing, if it is not where this line expects it.
 */
@AutoConfiguration(after = {DaramjweeAutoConfiguration.class, MetricsAutoConfiguration.class,
    CompositeMeterRegistryAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean({DaramjweeCache.class, DaramjweeTiers.class, MeterRegistry.class})
@Import(DaramjweeMetricsConfiguration.class)
public class DaramjweeMetricsAutoConfiguration {
}
