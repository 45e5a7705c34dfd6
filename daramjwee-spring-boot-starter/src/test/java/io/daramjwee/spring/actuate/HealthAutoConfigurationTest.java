package io.daramjwee.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class HealthAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class,
          DaramjweeHealthAutoConfiguration.class))
      .withPropertyValues("daramjwee.hot.type=memory");

  @Nested
  class Conditions {

    @Test
    void oneIndicatorPerTier_namedByTheTier(@TempDir Path dir) {
      runner.withPropertyValues("daramjwee.cold.type=file",
          "daramjwee.cold.file.directory=" + dir).run(context -> {
            CompositeHealthContributor daramjwee =
                context.getBean("daramjweeHealthContributor", CompositeHealthContributor.class);
            assertThat(daramjwee.stream().map(NamedContributor::getName))
                .containsExactly("hot", "cold");
            assertThat(daramjwee.getContributor("cold")).isInstanceOf(HealthIndicator.class);
          });
    }

    @Test
    void disabledByProperty_noContributor() {
      runner.withPropertyValues("management.health.daramjwee.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean(DaramjweeHealthContributor.class)
              .hasSingleBean(DaramjweeTiers.class));
    }

    @Test
    void withoutTheActuator_noContributor() {
      runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
          .run(context -> assertThat(context).hasNotFailed()
              .doesNotHaveBean("daramjweeHealthContributor").hasSingleBean(DaramjweeTiers.class));
    }

    @Test
    void withoutTiers_noContributor() {
      runner.withPropertyValues("daramjwee.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean("daramjweeHealthContributor"));
    }

    @Test
    void aUserContributorOfTheSameName_wins() {
      HealthIndicator own = () -> Health.up().withDetail("own", true).build();
      runner.withBean("daramjweeHealthContributor", HealthIndicator.class, () -> own)
          .run(context -> assertThat(context.getBean("daramjweeHealthContributor"))
              .isSameAs(own));
    }
  }

  @Nested
  class Status_ {

    @Test
    void aWorkingTier_isUpWithItsTypeStoreAndErrors() {
      runner.run(context -> {
        Health hot = tier(context.getBean(DaramjweeHealthContributor.class), "hot");
        assertThat(hot.getStatus()).isEqualTo(Status.UP);
        assertThat(hot.getDetails()).containsEntry("type", "memory").containsEntry("errors", 0L)
            .hasEntrySatisfying("store", store -> assertThat(store.toString())
                .startsWith("MemoryStore{capacity=67108864"));
      });
    }

    @Test
    void aFailingStore_isDegradedWithTheError_neverDown() {
      HealthFaultyStore store = new HealthFaultyStore();
      runner.withBean(DaramjweeTiers.class,
              () -> DaramjweeTiers.of(new Tier("hot", "faulty", store)))
          .run(context -> {
            DaramjweeHealthContributor contributor =
                context.getBean(DaramjweeHealthContributor.class);
            assertThat(tier(contributor, "hot").getStatus()).isEqualTo(Status.UP);
            store.failing = true;
            Health hot = tier(contributor, "hot");
            assertThat(hot.getStatus()).isEqualTo(TierHealthIndicator.DEGRADED)
                .isNotEqualTo(Status.DOWN);
            assertThat(hot.getDetails())
                .containsEntry("error", "java.io.IOException: injected: the disk is gone")
                .containsEntry("type", "faulty").containsEntry("store", "HealthFaultyStore");
            store.failing = false;
            assertThat(tier(contributor, "hot").getStatus()).isEqualTo(Status.UP);
          });
    }

    @Test
    void aStoreThatDoesNotAnswer_isDegradedAfterTheTimeout_andHoldsOneThread() {
      HealthFaultyStore store = new HealthFaultyStore();
      store.hanging = true;
      ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newCachedThreadPool();
      try {
        TierHealthIndicator indicator = new TierHealthIndicator(new Tier("cold", "s3", store), 1,
            null, executor, Duration.ofMillis(50));
        Health first = indicator.health();
        assertThat(first.getStatus()).isEqualTo(TierHealthIndicator.DEGRADED);
        assertThat(first.getDetails())
            .containsEntry("error", "the store did not answer a probe within PT0.05S")
            .doesNotContainKey("errors");
        assertThat(indicator.health().getStatus()).isEqualTo(TierHealthIndicator.DEGRADED);
        assertThat(executor.getPoolSize())
            .as("the second check waited on the first probe").isEqualTo(1);
        store.release();
        await()
            .until(() -> indicator.health().getStatus().equals(Status.UP));
      } finally {
        store.release();
        executor.shutdownNow();
      }
    }
  }

  private static Health tier(CompositeHealthContributor contributor, String name) {
    return ((HealthIndicator) contributor.getContributor(name)).health();
  }
}
