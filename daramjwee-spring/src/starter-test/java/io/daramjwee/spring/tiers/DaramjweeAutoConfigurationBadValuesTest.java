package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link DaramjweeAutoConfiguration} with bad values: startup fails naming the property, and what
 * to do about it, whether the properties' own check, a store builder or the tier selection
 * rejected the value; a secret never shows.
 */
class DaramjweeAutoConfigurationBadValuesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class));

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("daramjwee.hot.memory.capacity", "daramjwee.hot.type=memory",
            "daramjwee.hot.memory.capacity=-1MB"),
        bad("daramjwee.hot.memory.eviction", "daramjwee.hot.memory.eviction=fifo2"),
        bad("daramjwee.fresh-for", "daramjwee.fresh-for=soon"),
        bad("daramjwee.fresh-for", "daramjwee.fresh-for=8d"),
        bad("daramjwee.stale-if-error", "daramjwee.stale-if-error=30d"),
        bad("daramjwee.routes[0].stale-for", "daramjwee.routes[0].pattern=/a/**",
            "daramjwee.routes[0].stale-for=365d"),
        bad("daramjwee.cluster.command-timeout", "daramjwee.cluster.command-timeout=0s"),
        bad("daramjwee.cluster.key-prefix", "daramjwee.cluster.key-prefix= "),
        bad("daramjwee.worker.threads", "daramjwee.worker.threads=0"),
        bad("daramjwee.coalesce-timeout", "daramjwee.coalesce-timeout=0s"),
        bad("daramjwee.tag-header", "daramjwee.tag-header=Surrogate Key"),
        bad("daramjwee.tag-header", "daramjwee.tag-header="),
        bad("daramjwee.routes[0].pattern", "daramjwee.routes[0].pattern=no-slash"),
        bad("daramjwee.hot.file.directory", "daramjwee.hot.type=file"),
        bad("daramjwee.cold.file.directory", "daramjwee.cold.type=file"),
        bad("daramjwee.cold.s3.bucket", "daramjwee.cold.type=s3"),
        bad("daramjwee.cold.s3.bucket", "daramjwee.cold.type=s3",
            "daramjwee.cold.s3.bucket=Not_A_Bucket"),
        bad("daramjwee.cold.s3.region", "daramjwee.cold.type=s3",
            "daramjwee.cold.s3.bucket=a-bucket", "daramjwee.cold.s3.region= "),
        bad("daramjwee.cold.s3.secret-access-key", "daramjwee.cold.type=s3",
            "daramjwee.cold.s3.bucket=a-bucket", "daramjwee.cold.s3.access-key-id=AKIDEXAMPLE"),
        bad("daramjwee.hot.ehcache.disk-size", "daramjwee.hot.ehcache.heap-size=8MB",
            "daramjwee.hot.ehcache.disk-size=4MB"),
        bad("daramjwee.hot.ehcache.directory", "daramjwee.hot.ehcache.directory=/tmp/unused"),
        bad("daramjwee.hot.type", "daramjwee.hot.type=none"),
        bad("daramjwee.hot.max-entry-size", "daramjwee.hot.max-entry-size=0B"),
        bad("daramjwee.hot.max-entry-size", "daramjwee.hot.type=memory",
            "daramjwee.hot.memory.capacity=1MB", "daramjwee.hot.max-entry-size=2MB"),
        bad("daramjwee.hot.max-entry-size", "daramjwee.hot.ehcache.heap-size=8MB",
            "daramjwee.hot.max-entry-size=9MB"),
        bad("daramjwee.hot.max-entry-size", "daramjwee.hot.ehcache.heap-size=8MB",
            "daramjwee.hot.ehcache.disk-size=64MB", "daramjwee.hot.max-entry-size=16MB"),
        bad("daramjwee.warm.max-entry-size", "daramjwee.warm.max-entry-size=-1MB"),
        bad("daramjwee.cold.max-entry-size", "daramjwee.cold.max-entry-size=0B"),
        bad("daramjwee.cold.file.max-entries", "daramjwee.cold.file.max-entries=0"),
        bad("daramjwee.hot.file.max-entries", "daramjwee.hot.file.max-entries=2147483648"),
        bad("daramjwee.cold.file.max-entries", "daramjwee.cold.file.max-entries=many"),
        bad("daramjwee.promotion.probation-hits", "daramjwee.promotion.probation-hits=0"),
        bad("daramjwee.promotion.probation-window", "daramjwee.promotion.probation-window=0s"));
  }

  private static Arguments bad(String property, String... properties) {
    return Arguments.of(property, properties);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void failsStartupNamingTheProperty(String property, String[] properties) {
    runner.withPropertyValues(properties)
        .run(context -> assertThat(startupFailure(context)).contains(property));
  }

  @Test
  void noTierAtAllSuggestsTurningTheCacheOff() {
    runner.withPropertyValues("daramjwee.hot.type=none").run(context -> {
      assertThat(context.getStartupFailure()).rootCause()
          .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
            assertThat(e.getName()).isEqualTo("daramjwee.hot.type");
            assertThat(e.getReason()).contains("daramjwee.cold.type", "daramjwee.enabled=false");
          });
    });
  }

  @Test
  void aColdTierThatRefusesTierZeroSaysSo(@TempDir Path directory) {
    runner.withPropertyValues("daramjwee.hot.type=none", "daramjwee.cold.type=file",
            "daramjwee.cold.file.directory=" + directory, "daramjwee.cold.file.copy-mode=true")
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.hot.type", "tier 0", "daramjwee.enabled=false"));
  }

  @Test
  void aHotFileStoreInCopyModeRefusesTierZero(@TempDir Path directory) {
    runner.withPropertyValues("daramjwee.hot.type=file",
            "daramjwee.hot.file.directory=" + directory, "daramjwee.hot.file.copy-mode=true")
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.hot.type", "daramjwee.hot.file", "tier 0"));
  }

  @Test
  void aBuilderFailureNamesThePropertyWithItsValue() {
    runner.withPropertyValues("daramjwee.hot.ehcache.heap-size=8MB",
            "daramjwee.hot.ehcache.off-heap-size=4MB")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
              assertThat(e.getName()).isEqualTo("daramjwee.hot.ehcache.off-heap-size");
              assertThat(e.getValue()).hasToString("4194304B");
              assertThat(e.getReason()).contains("must exceed heapSize");
            }));
  }

  @Test
  void aSecretNeverAppearsInTheFailure() {
    runner.withPropertyValues("daramjwee.cold.type=s3", "daramjwee.cold.s3.bucket=a-bucket",
            "daramjwee.cold.s3.secret-access-key=s3cr3t-value")
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.cold.s3.access-key-id")
            .doesNotContain("s3cr3t-value"));
  }
}
