package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.assertStoresAndAnswers;
import static io.daramjwee.spring.TierTestSupport.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.RedisDetailsLine;
import io.daramjwee.spring.tiers.RedisAddress.Topology;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.store.redis.LocalRedisCluster;
import io.daramjwee.store.redis.RedisClock;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/**
 * The warm tier and cluster mode on the server of Spring Boot's Redis connection-details bean,
 * the type of this Boot line ({@link RedisDetailsLine}), as a Testcontainers
 * {@code @ServiceConnection} or Docker Compose registers it: it wins over
 * {@code spring.data.redis.*}, as in Boot, and the properties serve without it. The server is a
 * real Redis ({@link LocalRedis}) that wants a password.
 */
class RedisConnectionDetailsTest {

  private static final String PASSWORD = "s3cret";
  private static final AtomicInteger prefixes = new AtomicInteger();
  private static LocalRedis redis;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class,
          DaramjweeRedisConnectionAutoConfiguration.class))
      .withPropertyValues("daramjwee.hot.type=memory", "daramjwee.warm.type=redis",
          "daramjwee.warm.redis.key-prefix=details" + prefixes.incrementAndGet() + ":");

  @BeforeAll
  static void startRedis() {
    redis = LocalRedis.start("requirepass " + PASSWORD);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void aConnectionDetailsBean_winsOverContradictingProperties_forTheWarmTierAndClusterMode() {
    Object details = RedisDetailsLine.standalone("127.0.0.1", redis.port(), 1, null, PASSWORD,
        null);
    withDetails(runner, details)
        .withPropertyValues("spring.data.redis.host=unreachable.invalid",
            "spring.data.redis.port=1", "spring.data.redis.password=wrong",
            "daramjwee.cluster.enabled=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(warm(context.getBean(DaramjweeTiers.class)).store().toString())
              .contains("server=127.0.0.1:" + redis.port() + "/1");
          assertThat(context.getBean(PurgeLog.class).describe())
              .contains("127.0.0.1:" + redis.port());
          assertStoresAndAnswers(context.getBean(DaramjweeCache.class));
        });
  }

  @Test
  void withoutADetailsBean_thePropertiesServe() {
    runner.withPropertyValues("spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=" + redis.port(), "spring.data.redis.password=" + PASSWORD,
            "spring.data.redis.database=2")
        .run(context -> {
          assertThat(context).hasSingleBean(RedisConnectionDetailsReader.class);
          assertThat(context.getBean(RedisConnectionDetailsReader.class).read()).isNull();
          assertThat(warm(context.getBean(DaramjweeTiers.class)).store().toString())
              .contains("server=127.0.0.1:" + redis.port() + "/2");
        });
  }

  @Test
  void bootsOwnDetailsFromTheProperties_leaveThePropertiesToBeReadDirectly() throws Exception {
    String url = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/3";
    Object bootsOwn = RedisDetailsLine.fromProperties(
        new MockEnvironment().withProperty("spring.data.redis.url", url));
    withDetails(runner, bootsOwn).withPropertyValues("spring.data.redis.url=" + url)
        .run(context -> {
          assertThat(context.getBean(RedisConnectionDetailsReader.class).read())
              .as("Boot's own bean is not read: its url, as written, is").isNull();
          assertThat(warm(context.getBean(DaramjweeTiers.class)).store().toString())
              .contains("server=127.0.0.1:" + redis.port() + "/3");
        });
  }

  @Test
  void withoutBootsDetailsType_theStarterReadsTheProperties() {
    runner.withClassLoader(new FilteredClassLoader(RedisDetailsLine.TYPE))
        .withPropertyValues("spring.data.redis.url=redis://:" + PASSWORD + "@127.0.0.1:"
            + redis.port())
        .run(context -> {
          assertThat(context).doesNotHaveBean(RedisConnectionDetailsReader.class);
          assertStoresAndAnswers(context.getBean(DaramjweeCache.class));
        });
  }

  @Test
  void sentinelAndClusterDetails_areSpelledAsTheirUris() {
    Object sentinel = RedisDetailsLine.sentinel("main", List.of("s1:26379", "::1:26380"), 4,
        "p@ss", "sentinels-own");
    withDetails(runner.withPropertyValues("daramjwee.warm.type=none"), sentinel).run(context -> {
      RedisAddress server = context.getBean(RedisConnectionDetailsReader.class).read();
      assertThat(server.topology()).isEqualTo(Topology.SENTINEL);
      assertThat(server.uri()).as("the Sentinels' own password cannot be said in the URI")
          .isEqualTo("redis-sentinel://:p%40ss@s1:26379,[::1]:26380/4#main");
    });
    Object cluster = RedisDetailsLine.cluster(List.of("n1:7000", "n2:7001"), "app", "pw",
        SslBundle.systemDefault());
    withDetails(runner.withPropertyValues("daramjwee.warm.type=none"), cluster).run(context -> {
      RedisAddress server = context.getBean(RedisConnectionDetailsReader.class).read();
      assertThat(server.topology()).isEqualTo(Topology.CLUSTER);
      assertThat(server.seedUris())
          .containsExactly("rediss://app:pw@n1:7000", "rediss://app:pw@n2:7001");
    });
  }

  @Test
  void anSslBundleWithItsOwnTrust_failsStartupNamingTheBean() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    Object details = RedisDetailsLine.standalone("127.0.0.1", redis.port(), 0, null, PASSWORD,
        SslBundle.of(SslStoreBundle.of(null, null, trust)));
    withDetails(runner, details).run(context -> assertThat(startupFailure(context))
        .contains("SSL bundle", "the Redis connection details " + details.getClass().getName()));
  }

  @Test
  void aStaticMasterReplicaSet_failsStartupNamingTheBean() {
    Object details = RedisDetailsLine.masterReplica(List.of("127.0.0.1:" + redis.port()));
    assumeThat(details).as("Boot " + RedisDetailsLine.TYPE + " has master/replica").isNotNull();
    withDetails(runner, details).run(context -> assertThat(startupFailure(context))
        .contains("static master/replica", details.getClass().getName()));
  }

  @Test
  void aClusterOfTheDetails_carriesTheWarmTierAndClusterMode() {
    try (LocalRedisCluster cluster = LocalRedisCluster.start(3)) {
      Object details = RedisDetailsLine.cluster(cluster.nodeUris().stream()
          .map(uri -> uri.substring("redis://".length())).toList(), null, null, null);
      withDetails(runner, details).withPropertyValues("daramjwee.cluster.enabled=true",
              "spring.data.redis.host=unreachable.invalid")
          .run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(warm(context.getBean(DaramjweeTiers.class)).store().toString())
                .contains("cluster");
            assertStoresAndAnswers(context.getBean(DaramjweeCache.class));
            PurgeLog log = context.getBean(PurgeLog.class);
            await("the shared purge log read").until(log::reconciled);
            assertThat(log.clock()).isInstanceOf(RedisClock.class);
          });
    }
  }

  @Test
  void anUnreachableServerOfTheDetails_failsStartupNamingTheBean_notThePassword() {
    Object details = RedisDetailsLine.standalone("127.0.0.1", 1, 0, "app", PASSWORD, null);
    withDetails(runner.withPropertyValues("daramjwee.warm.redis.command-timeout=500ms"), details)
        .run(context -> assertThat(startupFailure(context))
            .contains("the warm tier cannot reach Redis", details.getClass().getName(),
                "127.0.0.1")
            .doesNotContain(PASSWORD));
  }

  private static DaramjweeTiers.Tier warm(DaramjweeTiers tiers) {
    return tiers.tiers().get(1);
  }

  /** {@code runner} with {@code details} registered under Boot's connection-details type. */
  @SuppressWarnings("unchecked")
  private static <T> ApplicationContextRunner withDetails(ApplicationContextRunner runner,
      Object details) {
    return runner.withBean((Class<T>) RedisDetailsLine.TYPE, () -> (T) details);
  }
}
