package io.daramjwee.store.redis;

import static io.daramjwee.store.redis.RecordingPurgeListener.CAUGHT_UP;
import static io.daramjwee.store.redis.RecordingPurgeListener.DISCONNECTED;
import static io.daramjwee.store.redis.RecordingPurgeListener.LOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeChannel;
import io.daramjwee.purge.PurgeMark;
import io.lettuce.core.KillArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances sharing purge marks through one real Redis ({@link LocalRedis}), each a channel of its
 * own: what reaches whom and when, a late starter, Redis going away and coming back empty, history
 * lost behind the channels' backs, trimming, entries that hold no mark, closing. A key prefix per
 * test; the tests that stop the server have one of their own.
 */
class RedisPurgeChannelTest {

  private static final Logger LOG = LoggerFactory.getLogger(RedisPurgeChannelTest.class);
  private static final AtomicInteger prefixes = new AtomicInteger();

  private static LocalRedis redis;

  private final String prefix = "p" + prefixes.incrementAndGet() + ":";
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private RedisCommands<String, String> raw;

  @BeforeAll
  static void startServer() {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopServer() {
    redis.close();
  }

  @BeforeEach
  void connectDirectly() {
    raw = direct(redis);
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void aMarkPublishedByOneInstance_reachesEveryInstance_itselfIncluded_inOrder_promptly()
      throws Exception {
    RedisPurgeChannel a = channel(redis);
    RecordingPurgeListener atA = started(a);
    RecordingPurgeListener atB = started(channel(redis));
    List<PurgeMark> published = new ArrayList<>();
    long[] latencies = new long[50];
    long[] publishes = new long[latencies.length];
    for (int i = 0; i < latencies.length; i++) {
      PurgeMark mark = mark("a-" + i, Duration.ofMinutes(5));
      long sent = System.nanoTime();
      a.publish(mark);
      publishes[i] = System.nanoTime() - sent;
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
          .until(() -> atB.receivedAt(mark.id()) != null);
      latencies[i] = atB.receivedAt(mark.id()) - sent;
      published.add(mark);
    }
    await().until(() -> atA.marks().size() == published.size());

    assertThat(atB.marks()).containsExactlyElementsOf(published);
    assertThat(atA.marks()).containsExactlyElementsOf(published);
    Arrays.sort(latencies);
    Arrays.sort(publishes);
    LOG.info("figures: publish to receipt at another instance, {} marks on loopback: median {} µs,"
        + " max {} µs; the publish call alone: median {} µs", latencies.length,
        latencies[latencies.length / 2] / 1_000, latencies[latencies.length - 1] / 1_000,
        publishes[publishes.length / 2] / 1_000);
    assertThat(Duration.ofNanos(latencies[latencies.length - 1])).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aChannelStartedLater_receivesEveryEarlierMarkInOrder_thenCatchesUp() throws Exception {
    RedisPurgeChannel a = channel(redis);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1_201; i++) { // more than two pages
      PurgeMark mark = mark("early-" + i, Duration.ofMinutes(5));
      a.publish(mark);
      expected.add("received " + mark.id());
    }
    expected.add(CAUGHT_UP);

    RecordingPurgeListener late = started(channel(redis));

    assertThat(late.events()).containsExactlyElementsOf(expected);
  }

  @Test
  void redisStopped_publishFailsAtOnce_disconnectedOnce_andAfterAnEmptyRestart_historyIsLost()
      throws Exception {
    LocalRedis server = own(LocalRedis.start());
    RedisPurgeChannel channel = channel(server);
    RecordingPurgeListener listener = started(channel);
    channel.publish(mark("before", Duration.ofMinutes(5)));
    await().until(() -> listener.ids().contains("before"));

    server.stop();
    long stopped = System.nanoTime();
    assertThatThrownBy(() -> channel.publish(mark("during", Duration.ofMinutes(5))))
        .isInstanceOf(IOException.class).hasMessageContaining("during");
    long failedAfter = (System.nanoTime() - stopped) / 1_000_000;
    assertThat(failedAfter).as("ms until publish failed").isLessThan(500);
    await().until(() -> listener.count(DISCONNECTED) == 1);

    server.restart();
    long restarted = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> listener.caughtUpAfter(DISCONNECTED));
    LOG.info("figures: publish failed {} ms after the stop; caught up {} ms after the restart",
        failedAfter, (System.nanoTime() - restarted) / 1_000_000);

    assertThat(listener.count(DISCONNECTED)).as("disconnected once per outage").isEqualTo(1);
    assertThat(listener.eventsAfter(DISCONNECTED)).containsExactly(LOST, CAUGHT_UP);
    channel.publish(mark("after", Duration.ofMinutes(5)));
    await().until(() -> listener.ids().contains("after"));
  }

  @Test
  void theEpochDeletedBehindTheChannelsBack_isLostHistory_foundAtTheNextEntry() throws Exception {
    RedisPurgeChannel channel = channel(redis);
    RecordingPurgeListener listener = started(channel);
    channel.publish(mark("m1", Duration.ofMinutes(5)));
    await().until(() -> listener.ids().contains("m1"));

    raw.del("{" + prefix + "purges}:epoch");
    channel.publish(mark("m2", Duration.ofMinutes(5))); // makes a new epoch

    await().until(() -> listener.caughtUpAfter(LOST));
    assertThat(listener.eventsAfter(LOST)).containsExactly("received m1", "received m2", CAUGHT_UP);
  }

  @Test
  void theEpochDeletedWhileTheReaderWasAway_isLostHistory_foundOnReconnect() throws Exception {
    RedisPurgeChannel channel = channel(redis);
    RecordingPurgeListener listener = started(channel);
    channel.publish(mark("m1", Duration.ofMinutes(5)));
    await().until(() -> listener.ids().contains("m1"));

    raw.del("{" + prefix + "purges}:epoch");
    raw.clientKill(KillArgs.Builder.typeNormal().skipme());

    await().until(() -> listener.caughtUpAfter(LOST));
    assertThat(listener.eventsAfter(DISCONNECTED)).containsExactly(LOST, "received m1", CAUGHT_UP);
  }

  @Test
  void aLogThatEndsBeforeWhatWasRead_isLostHistory_evenWithItsEpochKept() throws Exception {
    RedisPurgeChannel channel = channel(redis);
    RecordingPurgeListener listener = started(channel);
    channel.publish(mark("m1", Duration.ofMinutes(5)));
    await().until(() -> listener.ids().contains("m1"));

    raw.del("{" + prefix + "purges}");
    raw.xadd("{" + prefix + "purges}", new XAddArgs().id("1-1"),
        Map.of("m", mark("old", Duration.ofMinutes(5)).encode()));
    raw.clientKill(KillArgs.Builder.typeNormal().skipme());

    await().until(() -> listener.caughtUpAfter(LOST));
    assertThat(listener.eventsAfter(DISCONNECTED)).containsExactly(LOST, "received old", CAUGHT_UP);
  }

  @Test
  void aPublish_trimsTheMarksPastTheLongestRetentionAndTheMargin() throws Exception {
    for (int ms = 1; ms <= 3; ms++) { // entries from 1970: far past any retention
      raw.xadd("{" + prefix + "purges}", new XAddArgs().id(ms + "-0"),
          Map.of("m", mark("ancient-" + ms, Duration.ofMinutes(1)).encode()));
    }
    RedisPurgeChannel channel = channel(redis);

    channel.publish(mark("new", Duration.ofMinutes(1)));

    assertThat(markIds()).containsExactly("new");
    assertThat(raw.get("{" + prefix + "purges}:keep")).isEqualTo("60000");
  }

  @Test
  void aPublish_keepsTheMarksWithinTheLongestRetentionSeen() throws Exception {
    long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    raw.xadd("{" + prefix + "purges}", new XAddArgs().id(twoHoursAgo + "-0"),
        Map.of("m", mark("two-hours-old", Duration.ofHours(3)).encode()));
    RedisPurgeChannel channel = channel(redis);

    channel.publish(mark("long", Duration.ofHours(3)));
    channel.publish(mark("short", Duration.ZERO)); // the longest retention seen still holds

    assertThat(markIds()).containsExactly("two-hours-old", "long", "short");
    assertThat(raw.get("{" + prefix + "purges}:keep")).isEqualTo(String.valueOf(3 * 3_600_000));
  }

  @Test
  void aMarkTwoHoursOld_isTrimmed_whenNoRetentionLongerThanTheMarginWasSeen() throws Exception {
    long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    raw.xadd("{" + prefix + "purges}", new XAddArgs().id(twoHoursAgo + "-0"),
        Map.of("m", mark("two-hours-old", Duration.ofMinutes(1)).encode()));
    RedisPurgeChannel channel = channel(redis);

    channel.publish(mark("new", Duration.ofMinutes(1)));

    assertThat(markIds()).containsExactly("new");
  }

  @Test
  void entriesThatHoldNoMark_areSkipped_atStartAndWhileFollowing() throws Exception {
    String stream = "{" + prefix + "purges}";
    raw.xadd(stream, Map.of("m", "not a purge mark"));
    raw.xadd(stream, Map.of("x", "no field m at all"));
    RedisPurgeChannel channel = channel(redis);
    channel.publish(mark("good-1", Duration.ofMinutes(5)));
    RecordingPurgeListener listener = started(channel);

    raw.xadd(stream, Map.of("m", "m1 broken"));
    channel.publish(mark("good-2", Duration.ofMinutes(5)));
    await().until(() -> listener.ids().contains("good-2"));

    assertThat(listener.events()).containsExactly("received good-1", CAUGHT_UP, "received good-2");
  }

  @Test
  void aListenerThatThrows_doesNotStopTheReading() throws Exception {
    RedisPurgeChannel channel = channel(redis);
    RecordingPurgeListener recorder = new RecordingPurgeListener();
    channel.start(new PurgeChannel.Listener() {
      @Override
      public void received(PurgeMark mark) {
        recorder.received(mark);
        throw new IllegalStateException("a listener's own failure");
      }

      @Override
      public void historyLost() {
        recorder.historyLost();
      }

      @Override
      public void caughtUp() {
        recorder.caughtUp();
        throw new IllegalStateException("a listener's own failure");
      }

      @Override
      public void disconnected(Exception cause) {
        recorder.disconnected(cause);
      }
    });
    await().until(() -> recorder.count(CAUGHT_UP) == 1);

    channel.publish(mark("first", Duration.ofMinutes(5)));
    channel.publish(mark("second", Duration.ofMinutes(5)));

    await().until(() -> recorder.ids().equals(List.of("first", "second")));
    assertThat(recorder.count(DISCONNECTED)).isZero();
  }

  @Test
  void close_stopsTheReaderThread_isIdempotent_andLaterCallsFail() throws Exception {
    RedisPurgeChannel channel = channel(redis);
    RecordingPurgeListener listener = started(channel);
    Thread reader = listener.thread();
    assertThat(reader.getName()).isEqualTo("daramjwee-purge-reader");
    assertThat(reader.isDaemon()).isTrue();

    long closing = System.nanoTime();
    channel.close();
    channel.close();

    assertThat(reader.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(1));
    assertThat(listener.count(DISCONNECTED)).as("closing is no outage").isZero();
    assertThatThrownBy(() -> channel.publish(mark("late", Duration.ofMinutes(5))))
        .isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> channel.start(new RecordingPurgeListener()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withTheApplicationsClient_bothConnectionsShareIt_andClosingLeavesItOpen() throws Exception {
    RedisClient application = own(RedisClient.create());
    RedisPurgeChannel channel = RedisPurgeChannel.builder().uri(redis.uri()).client(application)
        .keyPrefix(prefix).build();
    RecordingPurgeListener listener = started(channel);
    channel.publish(mark("shared", Duration.ofMinutes(5)));
    await().until(() -> listener.ids().contains("shared"));

    channel.close();

    assertThat(application.connect(RedisURI.create(redis.uri())).sync().ping()).isEqualTo("PONG");
  }

  @Test
  void describe_namesTheServerAndStream_withoutCredentials() throws Exception {
    LocalRedis guarded = own(LocalRedis.start("requirepass s3cret"));
    RedisPurgeChannel channel = own(RedisPurgeChannel.builder()
        .uri("redis://:s3cret@127.0.0.1:" + guarded.port()).keyPrefix(prefix).build());

    assertThat(channel.describe())
        .contains("127.0.0.1:" + guarded.port(), "{" + prefix + "purges}")
        .doesNotContain("s3cret");
  }

  @Test
  void build_failsWithIoException_namingTheServerWithoutCredentials_whenUnreachable() {
    LocalRedis gone = LocalRedis.start();
    gone.close();

    assertThatThrownBy(() -> RedisPurgeChannel.builder()
        .uri("redis://:s3cret@127.0.0.1:" + gone.port()).build())
        .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + gone.port())
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void builder_rejectsAMissingUri_bracesInThePrefix_andANonPositiveTimeout() {
    assertThatThrownBy(() -> RedisPurgeChannel.builder().build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("uri");
    assertThatThrownBy(() -> RedisPurgeChannel.builder().keyPrefix("{app}:"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> RedisPurgeChannel.builder().commandTimeout(Duration.ZERO))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("commandTimeout");
  }

  // ---- helpers ----

  private RedisPurgeChannel channel(LocalRedis server) throws IOException {
    return own(RedisPurgeChannel.builder().uri(server.uri()).keyPrefix(prefix).build());
  }

  /** Starts {@code channel} with a recorder, once it caught up with the log. */
  private static RecordingPurgeListener started(RedisPurgeChannel channel) {
    RecordingPurgeListener listener = new RecordingPurgeListener();
    channel.start(listener);
    await().until(() -> listener.count(CAUGHT_UP) == 1);
    return listener;
  }

  private static PurgeMark mark(String id, Duration keepFor) {
    Instant at = Instant.now();
    return new PurgeMark(id, Purge.key("/item/" + id), at, at.plus(keepFor));
  }

  /** The ids of the marks in the log, read directly. */
  private List<String> markIds() {
    return raw.xrange("{" + prefix + "purges}", Range.unbounded()).stream()
        .map(StreamMessage::getBody).map(body -> PurgeMark.decode(body.get("m")).id()).toList();
  }

  private RedisCommands<String, String> direct(LocalRedis server) {
    RedisClient client = own(RedisClient.create(server.uri()));
    return own(client.connect()).sync();
  }

  private <T> T own(T resource) {
    if (resource instanceof RedisClient client) {
      opened.push(client::shutdown);
    } else {
      opened.push((AutoCloseable) resource);
    }
    return resource;
  }
}
