package io.daramjwee.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.spring.BootLine;
import io.daramjwee.spring.HealthView;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter's health auto-configuration on its Boot generation ({@link BootLine} holds the
 * generation's health types): when it contributes, and what each tier reports.
 */
class HealthAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class,
          DaramjweeHealthAutoConfiguration.class))
      .withPropertyValues("daramjwee.hot.type=memory");

  @Nested
  class Conditions {

    @Test
    void oneIndicatorPerTier_namedByTheTier_thenThePurges(@TempDir Path dir) {
      runner.withPropertyValues("daramjwee.cold.type=file",
          "daramjwee.cold.file.directory=" + dir).run(context -> {
            Object daramjwee = context.getBean("daramjweeHealthContributor");
            assertThat(daramjwee).isInstanceOf(BootLine.HEALTH_CONTRIBUTOR);
            assertThat(BootLine.partNames(daramjwee)).containsExactly("hot", "cold", "purges");
            assertThat(BootLine.isIndicator(daramjwee, "cold")).isTrue();
          });
    }

    @Test
    void disabledByProperty_noContributor() {
      runner.withPropertyValues("management.health.daramjwee.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean("daramjweeHealthContributor")
              .hasSingleBean(DaramjweeTiers.class));
    }

    @Test
    void withoutBootsHealthSupport_noContributor() {
      runner.withClassLoader(new FilteredClassLoader(BootLine.HEALTH_CONTRIBUTOR))
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
      Object own = BootLine.userIndicator();
      runner.withBean("daramjweeHealthContributor", Object.class, () -> own)
          .run(context -> assertThat(context.getBean("daramjweeHealthContributor"))
              .isSameAs(own));
    }
  }

  @Nested
  class Status_ {

    @Test
    void aWorkingTier_isUpWithItsTypeStoreAndErrors() {
      runner.run(context -> {
        HealthView hot = BootLine.health(context.getBean("daramjweeHealthContributor"), "hot");
        assertThat(hot.status()).isEqualTo("UP");
        assertThat(hot.details()).containsEntry("type", "memory").containsEntry("errors", 0L)
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
            Object contributor = context.getBean("daramjweeHealthContributor");
            assertThat(BootLine.health(contributor, "hot").status()).isEqualTo("UP");
            store.failing = true;
            HealthView hot = BootLine.health(contributor, "hot");
            assertThat(hot.status()).isEqualTo("DEGRADED");
            assertThat(hot.details())
                .containsEntry("error", "java.io.IOException: injected: the disk is gone")
                .containsEntry("type", "faulty").containsEntry("store", "HealthFaultyStore");
            store.failing = false;
            assertThat(BootLine.health(contributor, "hot").status()).isEqualTo("UP");
          });
    }
  }
}
