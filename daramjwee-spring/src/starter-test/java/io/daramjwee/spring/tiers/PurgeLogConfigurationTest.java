package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.store.redis.RedisClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The purge log the starter makes: journaled beside a tier that outlives the process, shared
 * over Redis in cluster mode with the cluster clock, and the startup failures that say what to fix.
 */
class PurgeLogConfigurationTest {

  @TempDir Path dir;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class));

  @Test
  void withAFileTier_theJournalSitsBesideItsDirectory_andAPurgeOutlivesTheContext() {
    Path hot = dir.resolve("hot");
    String[] properties = {"daramjwee.hot.type=file", "daramjwee.hot.file.directory=" + hot};
    runner.withPropertyValues(properties).run(context -> {
      PurgeLog log = context.getBean(PurgeLog.class);
      assertThat(log.describe()).contains(dir.resolve("hot.purges").toString())
          .contains("channel=none");
      log.purge(io.daramjwee.purge.Purge.tag("kept"), java.time.Duration.ofHours(1));
    });
    assertThat(Files.exists(dir.resolve("hot.purges").resolve("purges.journal"))).isTrue();

    runner.withPropertyValues(properties).run(context ->
        assertThat(context.getBean(PurgeLog.class).marks()).isEqualTo(1));
  }

  @Test
  void theJournalDirectoryProperty_winsOverTheDerivedOne() {
    runner.withPropertyValues("daramjwee.hot.type=memory",
            "daramjwee.purge.journal-directory=" + dir.resolve("marks"))
        .run(context -> assertThat(context.getBean(PurgeLog.class).describe())
            .contains(dir.resolve("marks").toString()));
  }

  @Test
  void aJournalDirectoryThatIsAFile_failsStartupNamingTheProperty() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    runner.withPropertyValues("daramjwee.hot.type=memory",
            "daramjwee.purge.journal-directory=" + file)
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.purge.journal-directory").contains(file.toString()));
  }

  @Test
  void onlyMemoryTiers_noJournal_andTheCacheUsesTheLogsClock() {
    runner.withPropertyValues("daramjwee.hot.type=memory").run(context -> {
      PurgeLog log = context.getBean(PurgeLog.class);
      assertThat(log.describe()).isEqualTo("journal=none, channel=none");
      assertThat(log.reconciled()).isTrue();
      assertThat(context).hasSingleBean(DaramjweeCache.class);
    });
  }

  @Test
  void clusterMode_sharesPurgesOverRedis_onTheClusterClock() {
    try (LocalRedis redis = LocalRedis.start()) {
      runner.withPropertyValues("daramjwee.hot.type=memory", "daramjwee.cluster.enabled=true",
              "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
          .run(context -> {
            PurgeLog log = context.getBean(PurgeLog.class);
            assertThat(log.clock()).isInstanceOf(RedisClock.class);
            assertThat(log.describe()).contains("127.0.0.1:" + redis.port());
            org.awaitility.Awaitility.await().until(log::reconciled);
          });
    }
  }

  @Test
  void clusterMode_withoutLettuce_failsStartupNamingTheProperty() {
    runner.withClassLoader(new FilteredClassLoader("io.lettuce"))
        .withPropertyValues("daramjwee.hot.type=memory", "daramjwee.cluster.enabled=true")
        .run(context -> assertThat(startupFailure(context))
            .contains("daramjwee.cluster.enabled").contains("lettuce-core"));
  }

  @Test
  void clusterMode_withRedisUnreachable_failsStartupNamingSpringDataRedis() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    runner.withPropertyValues("daramjwee.hot.type=memory", "daramjwee.cluster.enabled=true",
            "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + closedPort)
        .run(context -> assertThat(startupFailure(context))
            .contains("spring.data.redis").contains("127.0.0.1:" + closedPort));
  }
}
