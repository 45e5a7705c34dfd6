package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.spring.DaramjweeTiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link DaramjweeAutoConfiguration} refuses a memory tier that cannot fit the heap (issue 16,
 * item 6), and names the property of an off-heap pool the JVM's direct memory cannot hold. The heap is this test JVM's own ({@link Runtime#maxMemory()}, whatever the build gives
 * it): the tiers are sized as shares of it, so the test holds on any machine without starting
 * another JVM. Neither store allocates its capacity up front, so the tier that fits is cheap to
 * build however large the heap.
 */
class DaramjweeAutoConfigurationHeapTest {

  private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class));

  @ParameterizedTest
  @ValueSource(strings = {"daramjwee.hot.memory.capacity", "daramjwee.hot.ehcache.heap-size"})
  void aTierOverHalfTheHeap_failsStartup_namingThePropertyItsValueAndTheHeap(String property) {
    long size = MAX_HEAP / 10 * 6;
    runner.withPropertyValues(typeOf(property), property + "=" + size + "B").run(context -> {
      assertThat(context.getStartupFailure()).rootCause()
          .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
            assertThat(e.getName()).isEqualTo(property);
            assertThat(e.getReason()).contains(property + "=" + MemoryBudget.format(size),
                "50% of the maximum heap of " + MemoryBudget.format(MAX_HEAP), "-Xmx");
          });
      assertThat(startupFailure(context)).contains(property);
      assertThat(context).hasFailed();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"daramjwee.hot.memory.capacity", "daramjwee.hot.ehcache.heap-size"})
  void aTierWithinHalfTheHeap_starts(String property) {
    long size = MAX_HEAP / 10 * 4;
    runner.withPropertyValues(typeOf(property), property + "=" + size + "B").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(DaramjweeTiers.class);
      assertThat(context.getBean(DaramjweeTiers.class).tiers().get(0).type())
          .isEqualTo(property.split("\\.")[2]);
    });
  }

  /**
   * Off-heap does not count against the heap, but it is direct memory, which by default may be as
   * large as the maximum heap; this JVM sets no other limit.
   */
  @Test
  void anOffHeapPoolOverTheDirectMemoryLimit_failsStartup_namingTheProperty() {
    long size = MAX_HEAP * 2;
    runner.withPropertyValues("daramjwee.hot.type=ehcache",
            "daramjwee.hot.ehcache.off-heap-size=" + size + "B")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
              assertThat(e.getName()).isEqualTo("daramjwee.hot.ehcache.off-heap-size");
              assertThat(e.getReason()).contains("direct memory", "-XX:MaxDirectMemorySize");
            }));
  }

  private static String typeOf(String property) {
    return "daramjwee.hot.type=" + property.split("\\.")[2];
  }
}
