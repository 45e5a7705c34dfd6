package io.daramjwee.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code daramjwee} health contributor on Spring Boot 4: one {@link TierHealthIndicator} per
 * tier, by its name ({@code hot}, {@code cold}), then {@code purges}, the
 * {@link PurgeHealthIndicator} of the purge log when there is one. A failing tier, or purge marks
 * not all known or shared, is {@code DEGRADED}, never {@code DOWN}, so that it does not take the
 * application out of its load balancer. (An application's own tier named {@code purges} keeps
 * the name; the purge part is then left out.)
 *
 * <p>Boot's default status aggregation ignores statuses it does not know, so the composite itself
 * reads {@code UP} while a tier is {@code DEGRADED}; to see {@code DEGRADED} rolled up, set
 * {@code management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown}.
 *
 * <p>Owns the probes' threads, stopped with the context. Thread-safe.
 */
final class DaramjweeHealthContributor implements CompositeHealthContributor, DisposableBean {

  /** The name of the purge marks' part. */
  static final String PURGES = "purges";

  private final TierProbes probes;
  private final CompositeHealthContributor parts;

  /** The parts of {@code probes}' tiers, and of {@code purges} unless it is null. */
  DaramjweeHealthContributor(TierProbes probes, PurgeProbe purges) {
    this.probes = probes;
    Map<String, HealthContributor> byName = new LinkedHashMap<>();
    probes.byTier().forEach((name, probe) -> byName.put(name, new TierHealthIndicator(probe)));
    if (purges != null) {
      byName.putIfAbsent(PURGES, new PurgeHealthIndicator(purges));
    }
    this.parts = CompositeHealthContributor.fromMap(byName);
  }

  @Override
  public HealthContributor getContributor(String name) {
    return parts.getContributor(name);
  }

  @Override
  public Stream<Entry> stream() {
    return parts.stream();
  }

  @Override
  public void destroy() {
    probes.close();
  }
}
