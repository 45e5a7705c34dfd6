package io.daramjwee.spring.actuate;

import java.util.Iterator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code daramjwee} health contributor on Spring Boot 3.5: one {@link TierHealthIndicator}
 * per tier, by its name ({@code hot}, {@code cold}). A failing tier is {@code DEGRADED}, never
 * {@code DOWN}, so that it does not take the application out of its load balancer.
 *
 * <p>Boot's default status aggregation ignores statuses it does not know, so the composite itself
 * reads {@code UP} while a tier is {@code DEGRADED}; to see {@code DEGRADED} rolled up, set
 * {@code management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown}.
 *
 * <p>Owns the probes' threads, stopped with the context. Thread-safe.
 */
final class DaramjweeHealthContributor implements CompositeHealthContributor, DisposableBean {

  private final TierProbes probes;
  private final CompositeHealthContributor tiers;

  DaramjweeHealthContributor(TierProbes probes) {
    this.probes = probes;
    this.tiers = CompositeHealthContributor.fromMap(probes.byTier(), TierHealthIndicator::new);
  }

  @Override
  public HealthContributor getContributor(String name) {
    return tiers.getContributor(name);
  }

  @Override
  public Iterator<NamedContributor<HealthContributor>> iterator() {
    return tiers.iterator();
  }

  @Override
  public void destroy() {
    probes.close();
  }
}
