package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.assertStoresAndAnswers;
import static io.daramjwee.spring.TierTestSupport.get;
import static io.daramjwee.spring.TierTestSupport.set;
import static io.daramjwee.spring.TierTestSupport.startupFailure;
import static io.daramjwee.spring.TierTestSupport.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CacheClosedException;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeProperties.Eviction;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.spring.TierTestSupport;
import io.daramjwee.store.ehcache.EhcacheStore;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.store.s3.S3Store;
import io.daramjwee.testing.ForwardingStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DaramjweeAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class));

  @Nested
  class Defaults {

    @Test
    void anEhcacheHotTierAndNoColdTier() {
      runner.run(context -> {
        assertThat(context).hasSingleBean(DaramjweeCache.class).hasSingleBean(DaramjweeTiers.class);
        DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
        assertThat(tiers.tiers()).extracting(Tier::name, Tier::type)
            .containsExactly(tuple("hot", "ehcache"));
        assertThat(tiers.tiers().get(0).store()).isInstanceOf(EhcacheStore.class)
            .hasToString("EhcacheStore{heap=512 entries, chunkSize=131072,"
                + " inlineThreshold=16384, maxPinnedBytes=67108864}");
      });
    }

    @Test
    void theCacheStoresAValueAndAnswersItWithoutTheOrigin() {
      runner.run(context -> assertStoresAndAnswers(context.getBean(DaramjweeCache.class)));
    }

    @Test
    void freshnessComesFromTheProperties() {
      runner.withPropertyValues("daramjwee.fresh-for=0s").run(context -> {
        DaramjweeCache cache = context.getBean(DaramjweeCache.class);
        AtomicInteger originCalls = new AtomicInteger();
        set(cache, "greeting", "hello");
        assertThat(get(cache, "greeting", originCalls)).as("no longer fresh at once")
            .isEqualTo(TierTestSupport.ORIGIN_BODY);
        assertThat(originCalls).hasValue(1);
      });
    }

    @Test
    void aClockBeanIsTheCachesTimeSource() {
      Instant now = Instant.parse("2030-01-02T03:04:05Z");
      runner.withBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC)).run(context -> {
        set(context.getBean(DaramjweeCache.class), "greeting", "hello");
        Store hot = context.getBean(DaramjweeTiers.class).tiers().get(0).store();
        assertThat(hot.stat("greeting").cachedAt()).isEqualTo(now);
      });
    }
  }

  @Nested
  class UserBeans {

    @Test
    void aUserCacheWins() throws IOException {
      try (MemoryStore store = MemoryStore.builder().capacity(1 << 20).build();
          DaramjweeCache own = DaramjweeCache.builder().tiers(store).build()) {
        runner.withBean(DaramjweeCache.class, () -> own).run(context -> {
          assertThat(context).hasSingleBean(DaramjweeCache.class);
          assertThat(context.getBean(DaramjweeCache.class)).isSameAs(own);
        });
      }
    }

    @Test
    void userTiersWinAndTheCacheIsBuiltOverThem() {
      MemoryStore store = MemoryStore.builder().capacity(1 << 20).build();
      runner.withBean(DaramjweeTiers.class,
              () -> DaramjweeTiers.of(new Tier("edge", "memory", store)))
          .run(context -> {
            assertThat(context).hasSingleBean(DaramjweeTiers.class);
            assertThat(context.getBean(DaramjweeTiers.class).tiers()).extracting(Tier::name)
                .containsExactly("edge");
            set(context.getBean(DaramjweeCache.class), "greeting", "hello");
            assertThat(stored(store, "greeting")).isEqualTo("hello");
            assertThat(context.getBean(DaramjweeCache.class).tierName(0)).isEqualTo("edge");
          });
    }

    @Test
    void userTierNamesTheCacheCannotSendInCacheStatus_failStartupNamingTheName() {
      MemoryStore store = MemoryStore.builder().capacity(1 << 20).build();
      runner.withBean(DaramjweeTiers.class,
              () -> DaramjweeTiers.of(new Tier("edge cache", "memory", store)))
          .run(context -> assertThat(startupFailure(context))
              .contains("tier name must be", "'edge cache'"));
    }
  }

  @Nested
  class Disabled {

    @Test
    void enabledFalseCreatesNothing() {
      runner.withPropertyValues("daramjwee.enabled=false").run(context -> assertThat(context)
          .hasNotFailed()
          .doesNotHaveBean(DaramjweeCache.class)
          .doesNotHaveBean(DaramjweeTiers.class)
          .doesNotHaveBean(DaramjweeProperties.class));
    }
  }

  @Nested
  class Backends {

    @ParameterizedTest
    @EnumSource(Eviction.class)
    void memoryWithEachEvictionPolicy(Eviction eviction) {
      String policyClass = switch (eviction) {
        case LRU -> "LruPolicy";
        case S3_FIFO -> "S3FifoPolicy";
        case SIEVE -> "SievePolicy";
      };
      runner.withPropertyValues("daramjwee.hot.type=memory",
              "daramjwee.hot.memory.capacity=2MB",
              "daramjwee.hot.memory.eviction=" + eviction.policyName())
          .run(context -> {
            Tier hot = context.getBean(DaramjweeTiers.class).tiers().get(0);
            assertThat(hot.type()).isEqualTo("memory");
            MemoryStore store = (MemoryStore) hot.store();
            assertThat(store.capacity()).isEqualTo(2L << 20);
            assertThat(store.toString()).contains("policy=" + policyClass);
            assertStoresAndAnswers(context.getBean(DaramjweeCache.class));
          });
    }

    @Test
    void fileHotTier(@TempDir Path directory) {
      runner.withPropertyValues("daramjwee.hot.type=file",
              "daramjwee.hot.file.directory=" + directory,
              "daramjwee.hot.file.capacity=4MB", "daramjwee.hot.file.eviction=sieve")
          .run(context -> {
            Tier hot = context.getBean(DaramjweeTiers.class).tiers().get(0);
            assertThat(hot.type()).isEqualTo("file");
            assertThat(((FileStore) hot.store()).capacity()).isEqualTo(4L << 20);
            assertThat(hot.store().toString()).contains("directory=" + directory, "mode=rename");
            assertStoresAndAnswers(context.getBean(DaramjweeCache.class));
          });
    }

    @Test
    void fileColdTierUnderTheHotTier(@TempDir Path directory) {
      runner.withPropertyValues("daramjwee.hot.type=memory", "daramjwee.cold.type=file",
              "daramjwee.cold.file.directory=" + directory, "daramjwee.cold.file.copy-mode=true")
          .run(context -> {
            DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
            assertThat(tiers.tiers()).extracting(Tier::name, Tier::type)
                .containsExactly(tuple("hot", "memory"), tuple("cold", "file"));
            DaramjweeCache cache = context.getBean(DaramjweeCache.class);
            assertThat(cache.tierName(0)).as("the Cache-Status detail of a hot hit")
                .isEqualTo("hot");
            assertThat(cache.tierName(1)).isEqualTo("cold");
            Store cold = tiers.tiers().get(1).store();
            assertThat(cold.toString()).contains("mode=copy");
            set(context.getBean(DaramjweeCache.class), "greeting", "hello");
            // Lower tiers are filled in the background.
            await().atMost(Duration.ofSeconds(10)).until(() -> cold.stat("greeting") != null);
            assertThat(stored(cold, "greeting")).isEqualTo("hello");
          });
    }

    @Test
    void ehcacheWithADiskPool(@TempDir Path directory) {
      runner.withPropertyValues("daramjwee.hot.type=ehcache",
              "daramjwee.hot.ehcache.heap-size=1MB", "daramjwee.hot.ehcache.disk-size=8MB",
              "daramjwee.hot.ehcache.directory=" + directory,
              "daramjwee.hot.ehcache.persistent=true")
          .run(context -> {
            Tier hot = context.getBean(DaramjweeTiers.class).tiers().get(0);
            assertThat(hot.type()).isEqualTo("ehcache");
            assertThat(hot.store().toString())
                .contains("disk=" + (8L << 20) + " persistent in " + directory);
            assertStoresAndAnswers(context.getBean(DaramjweeCache.class));
          });
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class S3 {

    private S3Server server;

    @BeforeAll
    void startServer() throws Exception {
      server = S3Server.start();
    }

    @AfterAll
    void stopServer() throws Exception {
      server.close();
    }

    @Test
    void anS3ColdTierUnderEhcache() {
      runner.withPropertyValues(server.coldTierProperties()).run(context -> {
        DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
        assertThat(tiers.tiers()).extracting(Tier::name, Tier::type)
            .containsExactly(tuple("hot", "ehcache"), tuple("cold", "s3"));
        Store cold = tiers.tiers().get(1).store();
        assertThat(cold).isInstanceOf(S3Store.class);
        set(context.getBean(DaramjweeCache.class), "under-ehcache", "hello, bucket");
        await().atMost(Duration.ofSeconds(30)).until(() -> cold.stat("under-ehcache") != null);
        assertThat(stored(cold, "under-ehcache")).isEqualTo("hello, bucket");
      });
    }

    @Test
    void withoutAHotTierS3IsTierZero() {
      runner.withPropertyValues(server.coldTierProperties())
          .withPropertyValues("daramjwee.hot.type=none")
          .run(context -> {
            DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
            assertThat(tiers.tiers()).extracting(Tier::name).containsExactly("cold");
            assertStoresAndAnswers(context.getBean(DaramjweeCache.class));
            assertThat(stored(tiers.tiers().get(0).store(), "greeting")).isEqualTo("hello, tiers");
          });
    }
  }

  @Nested
  class MissingLibraries {

    @Test
    void autoFallsBackToMemoryWithoutEhcache() {
      runner.withClassLoader(new FilteredClassLoader("org.ehcache")).run(context -> {
        Tier hot = context.getBean(DaramjweeTiers.class).tiers().get(0);
        assertThat(hot.type()).isEqualTo("memory");
        assertThat(hot.store()).isInstanceOf(MemoryStore.class);
      });
    }

    @Test
    void ehcacheWithoutEhcacheFailsNamingThePropertyAndTheDependency() {
      runner.withClassLoader(new FilteredClassLoader("org.ehcache"))
          .withPropertyValues("daramjwee.hot.type=ehcache")
          .run(context -> {
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("daramjwee.hot.type")
                .hasMessageContaining("org.ehcache:ehcache (classifier jakarta)");
          });
    }

    @Test
    void theDefaultsNeedNoAwsSdk() {
      runner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk.services.s3"))
          .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DaramjweeCache.class));
    }

    @Test
    void s3WithoutTheAwsSdkFailsNamingThePropertyAndTheDependency() {
      runner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk.services.s3"))
          .withPropertyValues("daramjwee.cold.type=s3", "daramjwee.cold.s3.bucket=a-bucket")
          .run(context -> assertThat(startupFailure(context))
              .contains("daramjwee.cold.type", "software.amazon.awssdk:s3"));
    }
  }

  @Nested
  class Shutdown {

    @Test
    void closingTheContextReleasesTheFileStoresDirectory(@TempDir Path directory) {
      ApplicationContextRunner onDirectory = runner.withPropertyValues("daramjwee.hot.type=file",
          "daramjwee.hot.file.directory=" + directory);
      onDirectory.run(first -> {
        assertThat(first).hasNotFailed();
        onDirectory.run(second -> assertThat(startupFailure(second))
            .as("the directory is held while the first context runs")
            .contains("daramjwee.hot.file.directory", "already used"));
      });
      onDirectory.run(third -> assertThat(third).hasNotFailed());
    }

    @Test
    void aFailedStartupClosesTheStoresItBuilt(@TempDir Path directory) {
      ApplicationContextRunner onDirectory = runner.withPropertyValues("daramjwee.hot.type=file",
          "daramjwee.hot.file.directory=" + directory);
      onDirectory.withPropertyValues("daramjwee.cold.type=s3", "daramjwee.cold.s3.bucket=BAD")
          .run(context -> assertThat(context).hasFailed());
      onDirectory.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theCacheClosesAndEachStoreClosesOnce() {
      CountingStore store = new CountingStore(MemoryStore.builder().capacity(1 << 20).build());
      DaramjweeCache[] cache = new DaramjweeCache[1];
      runner.withBean(DaramjweeTiers.class, () -> DaramjweeTiers.of(new Tier("hot", "memory",
              store)))
          .run(context -> {
            cache[0] = context.getBean(DaramjweeCache.class);
            assertThat(store.closes).hasValue(0);
          });
      assertThat(store.closes).hasValue(1);
      assertThatThrownBy(() -> cache[0].set("late", Metadata.ofTag("\"v\"")))
          .isInstanceOf(CacheClosedException.class);
    }
  }

  /** A real store that counts its closes. */
  private static final class CountingStore extends ForwardingStore {

    final AtomicInteger closes = new AtomicInteger();

    CountingStore(Store delegate) {
      super(delegate);
    }

    @Override
    public void close() throws IOException {
      closes.incrementAndGet();
      super.close();
    }
  }
}
