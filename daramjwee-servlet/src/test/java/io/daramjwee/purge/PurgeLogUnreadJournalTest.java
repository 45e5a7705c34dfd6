package io.daramjwee.purge;

import static io.daramjwee.purge.Verdicts.byKey;
import static io.daramjwee.purge.Verdicts.loadJournal;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.purge.PurgeLogChannelTest.FakeChannel;
import io.daramjwee.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link PurgeLog} whose journal cannot be read when it starts: alone, it is not reconciled
 * (entries of tiers that outlive the process are held back) until a later attempt reads the
 * journal; with a channel, the catch-up reconciles it and the journal's marks are published once
 * read; either way the journal is never compacted while unread. The faults are a directory put
 * in place of the journal's file under a real {@link FilePurgeJournal}, and {@link FaultyJournal}.
 */
class PurgeLogUnreadJournalTest {

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

  @Test
  void alone_aJournalThatCannotBeRead_leavesTheLogUnreconciled_untilALaterAttemptReadsIt()
      throws IOException {
    takeAndStop(Purge.key("old"));
    FilePurgeJournal journal = FilePurgeJournal.in(dir);
    Path file = dir.resolve("purges.journal");
    Path aside = Files.move(file, dir.resolve("aside"));
    Files.createDirectory(file); // opened already: only reading it fails, as a bad disk would

    PurgeLog log = keep(PurgeLog.builder().clock(clock).journal(journal).build());

    assertThat(log.reconciled()).isFalse();
    assertThat(log.journalRead()).isFalse();
    assertThat(log.journalFailures()).isEqualTo(1);
    assertThat(byKey(log, "old", T0).keep()).as("its mark is unknown yet").isTrue();
    log.purge(Purge.key("new"), DAY);
    assertThat(byKey(log, "new", T0).gone()).isTrue();

    Files.delete(file);
    Files.move(aside, file);
    clock.advance(JournalKeeper.FIRST_RETRY.minusMillis(1));
    assertThat(log.reconciled()).as("not due yet").isFalse();
    clock.advance(Duration.ofMillis(1));

    assertThat(log.reconciled()).isTrue();
    assertThat(log.journalRead()).isTrue();
    assertThat(byKey(log, "old", T0).gone()).isTrue();
    assertThat(log.marks()).isEqualTo(2);
    assertThat(log.journalFailures()).isEqualTo(1);
    assertThat(loadJournal(dir)).extracting(m -> m.purge().value())
        .containsExactlyInAnyOrder("old", "new");
  }

  @Test
  void anUnreadJournal_isReadAgainWithABackoffDoublingToAMinute_eachFailureCounted()
      throws IOException {
    FaultyJournal journal = new FaultyJournal(FilePurgeJournal.in(dir));
    journal.failingLoads = true;
    PurgeLog log = keep(PurgeLog.builder().clock(clock).journal(journal).build());
    assertThat(journal.loads).hasValue(1);

    int loads = 1;
    for (long wait : new long[] {1, 2, 4, 8, 16, 32, 60, 60}) {
      clock.advance(Duration.ofSeconds(wait).minusMillis(1));
      assertThat(log.reconciled()).isFalse();
      assertThat(journal.loads).as("before %ss", wait).hasValue(loads);
      clock.advance(Duration.ofMillis(1));
      assertThat(log.reconciled()).isFalse();
      assertThat(journal.loads).as("after %ss", wait).hasValue(++loads);
    }
    assertThat(log.journalFailures()).isEqualTo(loads);
    assertThat(journal.compactions).as("never compacted while unread").hasValue(0);

    journal.failingLoads = false;
    clock.advance(JournalKeeper.LONGEST_RETRY);
    assertThat(log.reconciled()).isTrue();
    assertThat(journal.compactions).as("compacted once read").hasValue(1);
  }

  @Test
  void withAChannel_theCatchUpReconciles_andTheJournalsMarksArePublishedOnceItIsRead()
      throws IOException {
    PurgeMark old = takeAndStop(Purge.key("old")); // never published: taken while Redis was away
    PurgeMark other = new PurgeMark("other-1", Purge.key("other"), T0, T0.plus(DAY));
    FakeChannel channel = new FakeChannel(new ArrayList<>(List.of(other)));
    FaultyJournal journal = new FaultyJournal(FilePurgeJournal.in(dir));
    journal.failingLoads = true;
    PurgeLog log = keep(PurgeLog.builder().clock(clock).journal(journal).channel(channel)
        .build());

    channel.catchUp();

    assertThat(log.reconciled()).isTrue();
    assertThat(log.journalRead()).isFalse();
    assertThat(byKey(log, "other", T0).gone()).isTrue();
    assertThat(byKey(log, "old", T0).keep()).isTrue();
    assertThat(journal.compactions).as("the first read's marks wait for the journal")
        .hasValue(0);
    assertThat(loadJournal(dir)).containsExactly(old);

    journal.failingLoads = false;
    clock.advance(JournalKeeper.FIRST_RETRY);

    assertThat(log.marks()).isEqualTo(2);
    assertThat(log.journalRead()).isTrue();
    assertThat(byKey(log, "old", T0).gone()).isTrue();
    assertThat(channel.sharedLog()).as("not published on the thread that read the journal")
        .containsExactly(other);
    assertThat(channel.resyncs).as("the channel is asked to sync").hasValue(1);
    channel.catchUp(); // the sync it asked for: its catch-up publishes the marks read
    assertThat(channel.sharedLog()).containsExactly(other, old);
    assertThat(loadJournal(dir)).containsExactlyInAnyOrder(old, other);
    channel.deliverNew();
    assertThat(log.pending()).isZero();
  }

  @Test
  void withAChannel_anUnreadJournal_stillLeavesTheLogUnreconciledUntilTheCatchUp()
      throws IOException {
    FaultyJournal journal = new FaultyJournal(FilePurgeJournal.in(dir));
    journal.failingLoads = true;
    FakeChannel channel = new FakeChannel(new ArrayList<>());
    PurgeLog log = keep(PurgeLog.builder().clock(clock).journal(journal).channel(channel)
        .build());
    journal.failingLoads = false;
    clock.advance(JournalKeeper.FIRST_RETRY);

    assertThat(log.journalRead()).isTrue();
    assertThat(log.reconciled()).isFalse();
    channel.catchUp();
    assertThat(log.reconciled()).isTrue();
  }

  /** Takes {@code purge} on a log over the journal in {@code dir}, closed at once. */
  private PurgeMark takeAndStop(Purge purge) throws IOException {
    try (PurgeLog first = PurgeLog.builder().clock(clock).journal(FilePurgeJournal.in(dir))
        .build()) {
      return first.purge(purge, DAY);
    }
  }

  private PurgeLog keep(PurgeLog log) {
    logs.add(log);
    return log;
  }
}
