package io.daramjwee.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.BootLine;
import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import io.daramjwee.spring.HealthView;
import io.daramjwee.spring.tiers.DaramjweeAutoConfiguration;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code purges} part of the {@code daramjwee} health on the starter's Boot generation: its
 * details, and {@code DEGRADED} (never {@code DOWN}) while the marks are not reconciled, the
 * journal is unread, the shared log is unreachable, marks are unconfirmed, or a journal or
 * publish failure is recent. The logs are real {@link PurgeLog}s; the faults come from
 * {@link HealthFaultyJournal} and {@link HealthFakeChannel}, fakes for fault injection, and in
 * the last test from stopping a real Redis.
 */
class PurgeHealthTest {

  private static final String DEGRADED = "DEGRADED";
  private static final Duration DAY = Duration.ofDays(1);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class,
          DaramjweeHealthAutoConfiguration.class))
      .withPropertyValues("daramjwee.hot.type=memory");

  @Test
  void theLogOfAnInstanceAlone_isUp_withItsDetails() {
    runner.run(context -> {
      HealthView purges = purges(context);
      assertThat(purges.status()).isEqualTo("UP");
      assertThat(purges.details()).containsOnlyKeys("reconciled", "marks", "pending",
              "journalFailures", "publishFailures", "where")
          .containsEntry("reconciled", true).containsEntry("marks", 0)
          .containsEntry("pending", 0).containsEntry("journalFailures", 0L)
          .containsEntry("publishFailures", 0L)
          .containsEntry("where", "journal=none, channel=none");
    });
  }

  @Test
  void withAFileTier_itsJournalIsShownRead_andAPurgeCounts() {
    runner.withPropertyValues("daramjwee.cold.type=file",
        "daramjwee.cold.file.directory=" + dir.resolve("cold")).run(context -> {
          context.getBean(PurgeLog.class).purge(Purge.tag("t"), DAY);
          HealthView purges = purges(context);
          assertThat(purges.status()).isEqualTo("UP");
          assertThat(purges.details()).containsEntry("journalRead", true)
              .containsEntry("marks", 1).doesNotContainKey("connected");
          assertThat(purges.details().get("where").toString())
              .contains(dir.resolve("cold.purges").toString());
        });
  }

  @Test
  void aJournalUnreadableAtStart_isDegradedAndUnreconciled_untilItIsRead_thenUpOnceNotRecent()
      throws IOException {
    HealthFaultyJournal journal = new HealthFaultyJournal(dir);
    journal.failingLoads = true;
    PurgeLog log = PurgeLog.builder().clock(clock).journal(journal).build();

    runner.withBean(PurgeLog.class, () -> log).run(context -> {
      HealthView unread = purges(context);
      assertThat(unread.status()).isEqualTo(DEGRADED);
      assertThat(unread.details()).containsEntry("reconciled", false)
          .containsEntry("journalRead", false).containsEntry("journalFailures", 1L);
      assertThat(reasons(unread)).hasSize(3).anySatisfy(reason -> assertThat(reason)
          .startsWith("not reconciled: entries of tiers that outlive the process are held back"));

      journal.failingLoads = false;
      clock.advance(Duration.ofSeconds(1)); // the next read is due
      HealthView read = purges(context);
      assertThat(read.status()).isEqualTo(DEGRADED);
      assertThat(read.details()).containsEntry("reconciled", true)
          .containsEntry("journalRead", true);
      assertThat(reasons(read)).singleElement().asString().startsWith("purge journal or publish "
          + "failures within PT5M");

      clock.advance(PurgeProbe.RECENT);
      assertThat(purges(context).status()).isEqualTo("UP");
    });
  }

  @Test
  void aFailedJournalWrite_isDegradedForFiveMinutesAfterACheckSawIt() throws IOException {
    HealthFaultyJournal journal = new HealthFaultyJournal(dir);
    PurgeLog log = PurgeLog.builder().clock(clock).journal(journal).build();

    runner.withBean(PurgeLog.class, () -> log).run(context -> {
      assertThat(purges(context).status()).isEqualTo("UP");
      journal.failingWrites = true;
      log.purge(Purge.key("k"), DAY);

      HealthView failed = purges(context);
      assertThat(failed.status()).isEqualTo(DEGRADED);
      assertThat(failed.details()).containsEntry("journalFailures", 1L)
          .containsEntry("reconciled", true);
      clock.advance(PurgeProbe.RECENT.minusSeconds(1));
      assertThat(purges(context).status()).as("still recent").isEqualTo(DEGRADED);
      clock.advance(Duration.ofSeconds(1));
      assertThat(purges(context).status()).isEqualTo("UP");
    });
  }

  @Test
  void clusterMode_beforeTheCatchUp_unconfirmedMarks_andDisconnected_areDegraded() {
    HealthFakeChannel channel = new HealthFakeChannel();
    PurgeLog log = PurgeLog.builder().clock(clock).channel(channel).build();

    runner.withBean(PurgeLog.class, () -> log).run(context -> {
      HealthView before = purges(context);
      assertThat(before.status()).isEqualTo(DEGRADED);
      assertThat(before.details()).containsEntry("reconciled", false)
          .containsEntry("connected", false).doesNotContainKey("journalRead");

      channel.catchUp();
      assertThat(purges(context).status()).isEqualTo("UP");
      assertThat(purges(context).details()).containsEntry("connected", true)
          .containsEntry("where", "journal=none, channel=fake channel");

      channel.failing = true;
      log.purge(Purge.route("r"), DAY);
      HealthView unconfirmed = purges(context);
      assertThat(unconfirmed.status()).isEqualTo(DEGRADED);
      assertThat(unconfirmed.details()).containsEntry("pending", 1)
          .containsEntry("publishFailures", 1L);
      assertThat(reasons(unconfirmed)).as("a mark just taken is not pending for long yet")
          .noneMatch(reason -> reason.contains("not confirmed"));
      clock.advance(PurgeProbe.PENDING_GRACE);
      assertThat(reasons(purges(context))).anyMatch(reason -> reason.startsWith(
          "1 purge marks not confirmed by the shared log yet, the oldest since"));

      channel.failing = false;
      channel.catchUp(); // publishes the mark again, and reads it back
      clock.advance(PurgeProbe.RECENT);
      assertThat(purges(context).status()).isEqualTo("UP");
      assertThat(purges(context).details()).containsEntry("pending", 0);

      channel.disconnect();
      HealthView disconnected = purges(context);
      assertThat(disconnected.status()).isEqualTo(DEGRADED);
      assertThat(disconnected.details()).containsEntry("connected", false)
          .containsEntry("reconciled", true);
    });
  }

  @Test
  void clusterMode_onARealRedis_isUpOnceCaughtUp_andDegradedWhileRedisIsDown() {
    try (LocalRedis redis = LocalRedis.start()) {
      runner.withPropertyValues("daramjwee.cluster.enabled=true",
          "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
          .run(context -> {
            await().until(() -> purges(context).status().equals("UP"));
            assertThat(purges(context).details()).containsEntry("connected", true)
                .containsEntry("reconciled", true);

            redis.stop();

            await().until(() -> purges(context).status().equals(DEGRADED));
            assertThat(purges(context).details()).containsEntry("connected", false);
          });
    }
  }

  @Test
  void withoutAPurgeLog_thereIsNoPurgesPart() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DaramjweeHealthAutoConfiguration.class))
        .withBean(DaramjweeTiers.class, () -> DaramjweeTiers.of(new Tier("hot", "memory",
            MemoryStore.builder().capacity(1 << 20).build())))
        .run(context -> assertThat(BootLine.partNames(
            context.getBean("daramjweeHealthContributor"))).containsExactly("hot"));
  }

  private static HealthView purges(AssertableApplicationContext context) {
    return BootLine.health(context.getBean("daramjweeHealthContributor"), "purges");
  }

  @SuppressWarnings("unchecked")
  private static List<String> reasons(HealthView health) {
    return (List<String>) health.details().get("reasons");
  }
}
