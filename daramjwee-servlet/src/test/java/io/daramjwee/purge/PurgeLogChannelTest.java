package io.daramjwee.purge;

import static io.daramjwee.purge.Verdicts.byKey;
import static io.daramjwee.purge.Verdicts.byTags;
import static io.daramjwee.purge.Verdicts.loadJournal;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PurgeLog} sharing marks over the in-memory {@link FakeChannel}, with a
 * {@link FilePurgeJournal} on real files: reconciliation, confirmation of its own marks, retries
 * after failed publishes, marks from other instances, duplicates and a lost shared history.
 */
class PurgeLogChannelTest {

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
  void withAChannel_reconciledOnlyOnceCaughtUp() throws IOException {
    FakeChannel channel = new FakeChannel(new ArrayList<>());
    PurgeLog log = start(dir, channel);

    assertThat(log.shared()).isTrue();
    assertThat(log.reconciled()).isFalse();
    assertThat(log.connected()).isFalse();
    channel.catchUp();
    assertThat(log.reconciled()).isTrue();
    assertThat(log.connected()).isTrue();
    channel.disconnect();
    assertThat(log.connected()).isFalse();
    assertThat(log.reconciled()).isTrue();
  }

  @Test
  void withoutAChannel_reconciledAndNothingPending() throws IOException {
    PurgeLog log = start(dir);
    log.purge(Purge.key("k"), DAY);

    assertThat(log.shared()).isFalse();
    assertThat(log.journaled()).isTrue();
    assertThat(log.journalRead()).isTrue();
    assertThat(log.reconciled()).isTrue();
    assertThat(log.connected()).isTrue();
    assertThat(log.pending()).isZero();
  }

  @Test
  void ownMark_receivedBack_isConfirmed() throws IOException {
    FakeChannel channel = new FakeChannel(new ArrayList<>());
    PurgeLog log = start(dir, channel);
    channel.catchUp();

    PurgeMark mark = log.purge(Purge.key("k"), DAY);
    assertThat(channel.sharedLog()).containsExactly(mark);
    assertThat(log.pending()).isEqualTo(1);
    channel.deliverNew();

    assertThat(log.pending()).isZero();
    assertThat(log.marks()).isEqualTo(1);
  }

  @Test
  void failedPublish_staysPending_andTheNextCatchUpPublishesIt() throws IOException {
    FakeChannel channel = new FakeChannel(new ArrayList<>());
    PurgeLog log = start(dir, channel);
    channel.catchUp();
    channel.failing = true;

    PurgeMark mark = log.purge(Purge.key("k"), DAY);
    assertThat(log.publishFailures()).isEqualTo(1);
    assertThat(log.pending()).isEqualTo(1);
    assertThat(byKey(log, "k", T0).gone()).isTrue();

    channel.failing = false;
    channel.catchUp();
    assertThat(channel.sharedLog()).containsExactly(mark);
    channel.deliverNew();
    assertThat(log.pending()).isZero();
  }

  @Test
  void markFromAnotherInstance_isAppliedAndJournaled() throws IOException {
    List<PurgeMark> shared = new ArrayList<>();
    FakeChannel channelA = new FakeChannel(shared);
    FakeChannel channelB = new FakeChannel(shared);
    PurgeLog a = start(dir.resolve("a"), channelA);
    PurgeLog b = start(dir.resolve("b"), channelB);
    channelA.catchUp();
    channelB.catchUp();

    a.purge(Purge.tag("t"), DAY);
    channelB.deliverNew();

    assertThat(byTags(b, "t", T0).gone()).isTrue();
    assertThat(b.pending()).isZero();
    b.close();
    PurgeLog restartedB = start(dir.resolve("b"));
    assertThat(byTags(restartedB, "t", T0).gone()).isTrue();
  }

  @Test
  void markReceivedTwice_isAppliedAndJournaledOnce() throws IOException {
    FakeChannel channel = new FakeChannel(new ArrayList<>());
    PurgeLog log = start(dir, channel);
    PurgeMark other = new PurgeMark("other-1", Purge.tag("t"), T0, T0.plus(DAY));

    channel.deliver(other);
    channel.deliver(other);
    channel.catchUp(); // marks of the first read are journaled at its catch-up

    assertThat(log.marks()).isEqualTo(1);
    assertThat(log.pending()).isZero();
    assertThat(loadJournal(dir)).containsExactly(other);
  }

  @Test
  void marksOfTheFirstRead_areJournaledAtItsCatchUp_notOneForcedAppendEach() throws IOException {
    List<PurgeMark> shared = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      shared.add(new PurgeMark("other-" + i, Purge.tag("t" + i), T0, T0.plus(DAY)));
    }
    FakeChannel channel = new FakeChannel(shared);
    PurgeLog log = start(dir, channel);

    channel.deliverNew();
    assertThat(log.marks()).as("applied at once").isEqualTo(500);
    assertThat(byTags(log, "t7", T0).gone()).isTrue();
    assertThat(loadJournal(dir)).as("not yet journaled, one forced append each").isEmpty();

    channel.catchUp();
    assertThat(loadJournal(dir)).hasSize(500);
    PurgeMark later = new PurgeMark("other-late", Purge.tag("late"), T0, T0.plus(DAY));
    channel.deliver(later);
    assertThat(loadJournal(dir)).as("after the catch-up, each at once").contains(later);
  }

  @Test
  void expiredMark_received_isIgnored() throws IOException {
    FakeChannel channel = new FakeChannel(new ArrayList<>());
    PurgeLog log = start(dir, channel);
    clock.advance(DAY);

    channel.deliver(new PurgeMark("other-1", Purge.tag("t"), T0, T0.plusSeconds(60)));

    assertThat(log.marks()).isZero();
    assertThat(byTags(log, "t", T0).keep()).isTrue();
  }

  @Test
  void historyLost_thenCaughtUp_republishesEveryKeptMark() throws IOException {
    List<PurgeMark> shared = new ArrayList<>();
    FakeChannel channel = new FakeChannel(shared);
    PurgeLog log = start(dir, channel);
    channel.catchUp();
    PurgeMark own = log.purge(Purge.key("k"), DAY);
    PurgeMark other = new PurgeMark("other-1", Purge.tag("t"), T0, T0.plus(DAY));
    shared.add(other);
    channel.deliverNew();
    assertThat(log.pending()).isZero();

    channel.loseHistory();
    assertThat(log.pending()).isEqualTo(2);
    channel.catchUp();

    assertThat(channel.sharedLog()).containsExactlyInAnyOrder(own, other);
    channel.deliverNew();
    assertThat(log.pending()).isZero();
    assertThat(log.marks()).isEqualTo(2);
  }

  @Test
  void restartBesideAnEmptySharedLog_publishesTheJournaledMarks() throws IOException {
    PurgeLog first = start(dir, new FakeChannel(new ArrayList<>()));
    PurgeMark mark = first.purge(Purge.key("k"), DAY);
    first.close();

    FakeChannel empty = new FakeChannel(new ArrayList<>());
    PurgeLog second = start(dir, empty);
    assertThat(second.pending()).isEqualTo(1);
    empty.catchUp();

    assertThat(empty.sharedLog()).containsExactly(mark);
  }

  // ---- helpers ----

  private PurgeLog start(Path journalDir) throws IOException {
    return start(journalDir, null);
  }

  private PurgeLog start(Path journalDir, FakeChannel channel) throws IOException {
    PurgeLog log = PurgeLog.builder().clock(clock).journal(FilePurgeJournal.in(journalDir))
        .channel(channel).build();
    logs.add(log);
    return log;
  }

  /**
   * A fake of the {@link PurgeChannel} SPI, for fault injection: an in-memory shared log, a list
   * that several fakes may share as the instances of a cluster share one log, whose publishes
   * fail on demand. It has no thread: the test plays the channel's reading thread and hands the
   * listener what it would read. The real channel is tested against a real Redis elsewhere.
   */
  static final class FakeChannel implements PurgeChannel {

    private final List<PurgeMark> shared;
    private Listener listener;
    private int read;
    /** When set, {@link #publish} fails as an unreachable server would. */
    volatile boolean failing;
    /** How many times the log asked for a sync soon ({@link #resyncSoon}). */
    final AtomicInteger resyncs = new AtomicInteger();

    FakeChannel(List<PurgeMark> shared) {
      this.shared = shared;
    }

    @Override
    public void start(Listener listener) {
      assertThat(this.listener).as("started once").isNull();
      this.listener = listener;
    }

    @Override
    public void publish(PurgeMark mark) throws IOException {
      if (failing) {
        throw new IOException("injected: the shared log cannot be reached");
      }
      shared.add(mark);
    }

    @Override
    public void resyncSoon() {
      resyncs.incrementAndGet(); // the test plays the sync that follows: catchUp()
    }

    @Override
    public String describe() {
      return "fake channel";
    }

    @Override
    public void close() {}

    List<PurgeMark> sharedLog() {
      return List.copyOf(shared);
    }

    /** Hands the listener every mark of the shared log it has not read yet. */
    void deliverNew() {
      while (read < shared.size()) {
        listener.received(shared.get(read++));
      }
    }

    /** Reads the shared log to its end, then says so, as after a start or reconnect. */
    void catchUp() {
      deliverNew();
      listener.caughtUp();
    }

    /** Hands the listener {@code mark}, as a log that gives a mark more than once would. */
    void deliver(PurgeMark mark) {
      listener.received(mark);
    }

    /** The server restarted empty: the log is gone and is read again from its beginning. */
    void loseHistory() {
      shared.clear();
      read = 0;
      listener.historyLost();
    }

    void disconnect() {
      listener.disconnected(new IOException("injected: connection reset"));
    }
  }
}
