package io.daramjwee.purge;

import static io.daramjwee.purge.Verdicts.byKey;
import static io.daramjwee.purge.Verdicts.byTags;
import static io.daramjwee.purge.Verdicts.loadJournal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PurgeLog} over a {@link FilePurgeJournal} on real files, without a channel: verdicts per
 * kind and hardness, restarts, expiry and journal failures. {@link PurgeLogChannelTest} covers
 * sharing.
 */
class PurgeLogTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private final List<PurgeLog> logs = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (PurgeLog log : logs) {
      log.close();
    }
  }

  // ---- verdicts ----

  @Test
  void hardMark_entriesCachedAtOrBeforeIt_areGone_laterOnesKept() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.key("k"), DAY);

    assertThat(byKey(log, "k", T0.minusSeconds(1))).isSameAs(Verdict.GONE);
    assertThat(byKey(log, "k", T0)).isSameAs(Verdict.GONE);
    assertThat(byKey(log, "k", T0.plusNanos(1))).isSameAs(Verdict.KEEP);
    assertThat(byKey(log, "other", T0.minusSeconds(1))).isSameAs(Verdict.KEEP);
  }

  @Test
  void softMark_coveredEntries_areStaleSinceTheMark() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.key("k").asSoft(), DAY);

    Verdict covered = byKey(log, "k", T0.minusSeconds(5));
    assertThat(covered.stale()).isTrue();
    assertThat(covered.staleSince()).isEqualTo(T0);
    assertThat(byKey(log, "k", T0.plusSeconds(1)).keep()).isTrue();
  }

  @Test
  void pathAndRouteMarks_coverOnlyTheirOwnValue() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.path("/products/42"), DAY);
    log.purge(Purge.route("catalog"), DAY);
    Instant before = T0.minusSeconds(1);

    assertThat(log.judge("k1", "other", "/products/42", null, before).gone()).isTrue();
    assertThat(log.judge("k2", "other", "/products/4", null, before).keep()).isTrue();
    assertThat(log.judge("k3", "catalog", "/x", null, before).gone()).isTrue();
    assertThat(log.judge("k4", "catalogue", "/x", null, before).keep()).isTrue();
  }

  @Test
  void tagMark_coversOnlyAWholeTokenOfTheTags() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.tag("p:42"), DAY);
    Instant before = T0.minusSeconds(1);

    assertThat(byTags(log, "p:42", before).gone()).isTrue();
    assertThat(byTags(log, "a p:42 b", before).gone()).isTrue();
    assertThat(byTags(log, "a  p:42", before).gone()).isTrue();
    assertThat(byTags(log, "p:421 xp:42 p:4 p", before).keep()).isTrue();
    assertThat(byTags(log, "", before).keep()).isTrue();
    assertThat(byTags(log, null, before).keep()).isTrue();
  }

  @Test
  void severalSoftMarksOfDifferentKinds_theEarliestCoveringOneWins() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.tag("t").asSoft(), DAY);
    clock.advance(Duration.ofSeconds(10));
    log.purge(Purge.route("r").asSoft(), DAY);

    Verdict both = log.judge("k", "r", "/p", "t", T0.minusSeconds(1));
    Verdict onlyTheLater = log.judge("k", "r", "/p", "t", T0.plusSeconds(1));

    assertThat(both.staleSince()).isEqualTo(T0);
    assertThat(onlyTheLater.staleSince()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void severalSoftMarksOfOneValue_theEarliestCoveringOneWins() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.tag("t").asSoft(), DAY);
    clock.advance(Duration.ofSeconds(10));
    log.purge(Purge.tag("t").asSoft(), DAY);
    clock.advance(Duration.ofSeconds(10));
    log.purge(Purge.tag("t").asSoft(), DAY);

    assertThat(byTags(log, "t", T0.minusSeconds(1)).staleSince()).isEqualTo(T0);
    assertThat(byTags(log, "t", T0.plusSeconds(5)).staleSince()).isEqualTo(T0.plusSeconds(10));
    assertThat(byTags(log, "t", T0.plusSeconds(15)).staleSince()).isEqualTo(T0.plusSeconds(20));
    assertThat(byTags(log, "t", T0.plusSeconds(21)).keep()).isTrue();
  }

  @Test
  void hardAndSoftMarksCovering_hardWins() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.tag("t").asSoft(), DAY);
    log.purge(Purge.key("k"), DAY);
    log.purge(Purge.tag("u").asSoft(), DAY);

    assertThat(log.judge("k", "r", "/p", "t u", T0.minusSeconds(1))).isSameAs(Verdict.GONE);
    assertThat(log.judge("k2", "r", "/p", "t u", T0.minusSeconds(1)).stale()).isTrue();
  }

  @Test
  void hardThenSoftOnOneValue_hardStillCoversWhatItCovered() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.tag("t"), DAY);
    clock.advance(Duration.ofSeconds(10));
    log.purge(Purge.tag("t").asSoft(), DAY);

    assertThat(byTags(log, "t", T0)).isSameAs(Verdict.GONE);
    assertThat(byTags(log, "t", T0.plusSeconds(5)).staleSince()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void purge_negativeKeepFor_isRejected() throws IOException {
    PurgeLog log = start(dir);

    assertThatThrownBy(() -> log.purge(Purge.key("k"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
  }

  // ---- journal: restarts and expiry ----

  @Test
  void marks_surviveARestartOverTheSameJournal() throws IOException {
    PurgeLog first = start(dir);
    first.purge(Purge.tag("t"), DAY);
    first.purge(Purge.path("/p").asSoft(), DAY);
    first.close();
    clock.advance(Duration.ofHours(1));

    PurgeLog second = start(dir);

    assertThat(second.marks()).isEqualTo(2);
    assertThat(byTags(second, "t", T0).gone()).isTrue();
    assertThat(second.judge("k", "r", "/p", null, T0).staleSince()).isEqualTo(T0);
  }

  @Test
  void marks_pastKeepUntil_areForgottenAtTheNextPrune() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.tag("short"), Duration.ofSeconds(60));
    log.purge(Purge.tag("long"), DAY);
    clock.advance(Duration.ofSeconds(45));
    log.purge(Purge.key("k1"), DAY); // prunes nothing; the next prune is due 30 s later
    clock.advance(Duration.ofSeconds(20));
    log.purge(Purge.key("k2"), DAY); // "short" expired, but no prune is due yet
    assertThat(log.marks()).isEqualTo(4);

    clock.advance(Duration.ofSeconds(10));
    log.purge(Purge.key("k3"), DAY);

    assertThat(log.marks()).isEqualTo(4);
    assertThat(byTags(log, "short", T0).keep()).isTrue();
    assertThat(byTags(log, "long", T0).gone()).isTrue();
  }

  @Test
  void softMarkPastKeepUntil_isForgotten_whileALaterOneOnTheSameValueStays() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.tag("t").asSoft(), Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(10));
    log.purge(Purge.tag("t").asSoft(), DAY);
    clock.advance(Duration.ofSeconds(60));

    log.purge(Purge.key("k"), DAY);

    assertThat(log.marks()).isEqualTo(2);
    assertThat(byTags(log, "t", T0.minusSeconds(1)).staleSince())
        .isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void marks_expiredWhileStopped_areNotLoaded() throws IOException {
    PurgeLog first = start(dir);
    first.purge(Purge.tag("short"), Duration.ofSeconds(10));
    first.purge(Purge.tag("long"), DAY);
    first.close();
    clock.advance(Duration.ofSeconds(11));

    PurgeLog second = start(dir);

    assertThat(second.marks()).isEqualTo(1);
    assertThat(byTags(second, "short", T0).keep()).isTrue();
    assertThat(byTags(second, "long", T0).gone()).isTrue();
    second.close();
    assertThat(loadJournal(dir)).extracting(m -> m.purge().value()).containsExactly("long");
  }

  @Test
  void journalFailures_areCountedAndNeverFailAPurge() throws IOException {
    FaultyJournal journal = new FaultyJournal(FilePurgeJournal.in(dir));
    PurgeLog log = keep(PurgeLog.builder().clock(clock).journal(journal).build());
    journal.failing = true;

    PurgeMark mark = log.purge(Purge.key("k"), DAY);

    assertThat(log.journalFailures()).isEqualTo(1);
    assertThat(byKey(log, "k", T0).gone()).isTrue();
    journal.failing = false;
    log.purge(Purge.key("k2"), DAY);
    assertThat(log.journalFailures()).isEqualTo(1);
    assertThat(loadJournal(dir)).extracting(PurgeMark::id).doesNotContain(mark.id());
  }

  @Test
  void journalClosedUnderTheLog_failuresAreCountedAndNeverFailAPurge() throws IOException {
    FilePurgeJournal journal = FilePurgeJournal.in(dir);
    PurgeLog log = keep(PurgeLog.builder().clock(clock).journal(journal).build());
    journal.close();

    log.purge(Purge.key("k"), DAY);
    log.purge(Purge.key("k2"), DAY);

    assertThat(log.journalFailures()).isEqualTo(2);
    assertThat(log.marks()).isEqualTo(2);
  }

  // ---- helpers ----

  private PurgeLog start(Path journalDir) throws IOException {
    return keep(PurgeLog.builder().clock(clock).journal(FilePurgeJournal.in(journalDir))
        .build());
  }

  private PurgeLog keep(PurgeLog log) {
    logs.add(log);
    return log;
  }
}
