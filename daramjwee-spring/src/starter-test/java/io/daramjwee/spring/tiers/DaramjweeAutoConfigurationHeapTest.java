package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.spring.DaramjweeProperties.Eviction;
import io.daramjwee.spring.DaramjweeTiers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@link DaramjweeAutoConfiguration} refuses a memory tier or a file store's index that cannot fit
 * the heap (issue 16, item 6), fits an index left to its default, and recognises an off-heap pool
 * the JVM's direct memory cannot hold. The heap is this test JVM's own
 * ({@link Runtime#maxMemory()}, whatever the build gives it): the tiers are sized as shares of it,
 * so the test holds on any machine without starting another JVM. No store allocates its capacity
 * up front, so the tier that fits is cheap to build however large the heap.
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

  @Test
  void aColdFileIndexOverHalfTheHeap_failsStartup_namingMaxEntries(@TempDir Path directory) {
    long entries = MAX_HEAP / 10 * 6 / MemoryBudget.indexBytesPerEntry(Eviction.LRU);
    runner.withPropertyValues("daramjwee.cold.type=file", "daramjwee.cold.file.directory="
        + directory, "daramjwee.cold.file.max-entries=" + entries).run(context -> {
          assertThat(context.getStartupFailure()).rootCause()
              .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
                assertThat(e.getName()).isEqualTo("daramjwee.cold.file.max-entries");
                assertThat(e.getValue()).isEqualTo(entries);
                assertThat(e.getReason()).contains(entries + " entries", "-Xmx");
              });
        });
  }

  @Test
  void aRedisNearCacheOverHalfTheHeap_failsStartup_beforeAnyConnection() {
    long size = MAX_HEAP / 10 * 6;
    runner.withPropertyValues("daramjwee.warm.type=redis",
            "spring.data.redis.port=1", // nothing listens there: never reached
            "daramjwee.warm.redis.near-cache-size=" + size + "B")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
              assertThat(e.getName()).isEqualTo("daramjwee.warm.redis.near-cache-size");
              assertThat(e.getReason()).contains("-Xmx");
            }));
  }

  @Test
  void aColdFileIndexLeftToItsDefault_isFittedIntoTheShare(@TempDir Path directory) {
    long limit = new MemoryBudget(MAX_HEAP).limit();
    long perEntry = MemoryBudget.indexBytesPerEntry(Eviction.LRU);
    long capacity = limit / perEntry * 2 * 4096; // twice the entries the share has room for
    runner.withPropertyValues("daramjwee.hot.type=memory", "daramjwee.hot.memory.capacity=1MB",
        "daramjwee.cold.type=file", "daramjwee.cold.file.directory=" + directory,
        "daramjwee.cold.file.capacity=" + capacity + "B").run(context -> {
          assertThat(context).hasNotFailed();
          String cold = context.getBean(DaramjweeTiers.class).tiers().get(1).store().toString();
          long fitted = Long.parseLong(cold.replaceAll(".*maxEntries=(\\d+).*", "$1"));
          assertThat(fitted * perEntry).isLessThanOrEqualTo(limit - (1 << 20))
              .isGreaterThan(limit - (1 << 20) - perEntry * 2);
        });
  }

  /**
   * Off-heap does not count against the heap, but it is direct memory, and Ehcache refuses a pool
   * larger than the JVM's limit; the tier then fails naming the property. Recognised from
   * Ehcache's own words (3.10.9), as a test cannot start that failure cheaply: Ehcache allocates
   * the pool up front and fails only once the limit (here, this JVM's whole heap size) is spent.
   */
  @Test
  void ehcachesRefusalOfAnOffHeapPoolOverTheDirectMemoryLimit_isRecognised() {
    Exception refusal = new IllegalStateException("Cache 'daramjwee' creation failed.",
        new IllegalArgumentException("An attempt was made to allocate more off-heap memory than"
            + " the JVM can allow. The limit on off-heap memory size is given by the"
            + " -XX:MaxDirectMemorySize command (or equivalent)."));

    assertThat(EhcacheStoreConfiguration.exceedsDirectMemory(refusal)).isTrue();
    assertThat(EhcacheStoreConfiguration.exceedsDirectMemory(
        new IllegalStateException("Persistence directory already locked"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"daramjwee.hot.ehcache.heap-size=32MB",
      "daramjwee.hot.ehcache.heapSize=32MB", "DARAMJWEE_HOT_EHCACHE_HEAPSIZE=32MB"})
  void aSizeSetInAnyRelaxedForm_countsAsSet(String setting) {
    StandardEnvironment environment = new StandardEnvironment();
    String[] pair = setting.split("=");
    String env = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
    environment.getPropertySources().replace(env, new SystemEnvironmentPropertySource(env,
        setting.startsWith("DARAMJWEE") ? Map.of(pair[0], pair[1]) : Map.of()));
    if (!setting.startsWith("DARAMJWEE")) {
      environment.getPropertySources().addFirst(new MapPropertySource("yml",
          Map.of(pair[0], pair[1])));
    }

    assertThat(DaramjweeAutoConfiguration.setIn(environment).test(
        "daramjwee.hot.ehcache.heap-size")).isTrue();
    assertThat(DaramjweeAutoConfiguration.setIn(environment).test(
        "daramjwee.hot.memory.capacity")).isFalse();
  }

  private static String typeOf(String property) {
    return "daramjwee.hot.type=" + property.split("\\.")[2];
  }
}
