package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.get;
import static io.daramjwee.spring.TierTestSupport.set;
import static io.daramjwee.spring.TierTestSupport.startupFailure;
import static io.daramjwee.spring.TierTestSupport.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.store.redis.RedisStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The warm tier ({@code daramjwee.warm.type=redis}) on a real Redis ({@link LocalRedis}), its
 * server taken from Spring Boot's own {@code spring.data.redis.*}: the tiers it makes, two
 * instances sharing it, and the startup failures that name what to fix.
 */
class RedisWarmTierTest {

  private static final AtomicInteger prefixes = new AtomicInteger();
  private static LocalRedis redis;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class))
      .withPropertyValues("daramjwee.hot.type=memory", "daramjwee.warm.type=redis",
          "daramjwee.warm.redis.key-prefix=warm" + prefixes.incrementAndGet() + ":",
          "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());

  @BeforeAll
  static void startRedis() {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void hotWarmAndCold_inThatOrder_theWarmTierARedisStore() {
    runner.withPropertyValues("daramjwee.cold.type=file",
        "daramjwee.cold.file.directory=" + System.getProperty("java.io.tmpdir") + "/dj-warm-"
            + prefixes.incrementAndGet())
        .run(context -> {
          DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
          assertThat(tiers.tiers()).extracting(Tier::name).containsExactly("hot", "warm", "cold");
          assertThat(tiers.tiers().get(1).type()).isEqualTo("redis");
          assertThat(tiers.tiers().get(1).store()).isInstanceOf(RedisStore.class)
              .satisfies(store -> assertThat(store.toString())
                  .contains("server=127.0.0.1:" + redis.port() + "/0"));
        });
  }

  @Test
  void aMissFilledOnOneInstance_isAWarmHitOnAnother_withNoOriginCall() {
    runner.run(a -> runner.run(b -> {
      DaramjweeCache cacheA = a.getBean(DaramjweeCache.class);
      DaramjweeCache cacheB = b.getBean(DaramjweeCache.class);
      set(cacheA, "shared", "filled by A");
      RedisStore warmOfB = (RedisStore) b.getBean(DaramjweeTiers.class).tiers().get(1).store();
      await("A's fill copied to the warm tier").until(() -> stored(warmOfB, "shared") != null);

      AtomicInteger originCalls = new AtomicInteger();
      assertThat(get(cacheB, "shared", originCalls)).isEqualTo("filled by A");
      assertThat(originCalls).hasValue(0);
      assertThat(cacheB.stats().tierHits().get(1)).as("B's warm tier answered").isEqualTo(1);
    }));
  }

  @Test
  void aUrl_overridesHostAndPort_andItsDatabaseIsUsed() {
    runner.withPropertyValues("spring.data.redis.host=unreachable.invalid",
            "spring.data.redis.url=redis://127.0.0.1:" + redis.port() + "/2")
        .run(context -> {
          DaramjweeCache cache = context.getBean(DaramjweeCache.class);
          set(cache, "in-database-2", "two");
          RedisStore warm = (RedisStore) context.getBean(DaramjweeTiers.class).tiers().get(1)
              .store();
          await().until(() -> stored(warm, "in-database-2") != null);
          try (RedisStore database0 = RedisStore.builder().uri(redis.uri()).keyPrefix(
              context.getEnvironment().getProperty("daramjwee.warm.redis.key-prefix")).build()) {
            assertThat(stored(database0, "in-database-2")).as("not in database 0").isNull();
          }
        });
  }

  @Test
  void withoutLettuce_startupNamesThePropertyAndTheDependency() {
    runner.withClassLoader(new FilteredClassLoader("io.lettuce"))
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.warm.type", "io.lettuce:lettuce-core"));
  }

  @Test
  void aBadSetting_namesItsProperty() {
    runner.withPropertyValues("daramjwee.warm.redis.key-prefix={tagged}")
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.warm.redis.key-prefix"));
    runner.withPropertyValues("daramjwee.warm.redis.inline-threshold=1MB",
            "daramjwee.warm.redis.chunk-size=64KB")
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.warm.redis.inline-threshold"));
  }

  @Test
  void aRedisClusterWithADatabase_failsStartupNamingTheDatabase() {
    runner.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001",
            "spring.data.redis.database=2")
        .run(context -> assertThat(startupFailure(context))
            .contains("spring.data.redis.database", "database 0"));
  }

  @Test
  void anUnreachableRedis_failsStartupNamingTheServerNotThePassword() {
    runner.withPropertyValues("spring.data.redis.port=1", "spring.data.redis.password=s3cret",
            "daramjwee.warm.redis.command-timeout=500ms")
        .run(context -> assertThat(startupFailure(context))
            .contains("the warm tier cannot reach Redis", "127.0.0.1")
            .doesNotContain("s3cret"));
  }
}
