package io.daramjwee.spring.actuate;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code daramjwee} health contributor on Spring Boot 3.5, one indicator per tier and one for
 * the purge marks ({@code purges}, when there is a purge log bean), when the actuator is present
 * and {@code management.health.daramjwee.enabled} is not false. A failing tier, or purge marks
 * not all known or shared, report {@code DEGRADED}, never {@code DOWN} ({@link TierProbe} and
 * {@link PurgeProbe} say why). Backs off for a bean named {@code daramjweeHealthContributor}.
 */
@AutoConfiguration(after = DaramjweeAutoConfiguration.class,
    before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnEnabledHealthIndicator("daramjwee")
@ConditionalOnBean(DaramjweeTiers.class)
public class DaramjweeHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "daramjweeHealthContributor")
  DaramjweeHealthContributor daramjweeHealthContributor(DaramjweeTiers tiers,
      ObjectProvider<DaramjweeCache> cache, ObjectProvider<PurgeLog> purges) {
    PurgeLog log = purges.getIfUnique();
    return new DaramjweeHealthContributor(
        new TierProbes(tiers, cache.getIfUnique(), TierProbes.PROBE_TIMEOUT),
        log == null ? null : new PurgeProbe(log));
  }
}
