package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.purge.PurgeMark;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outages too short for any command of the channel to fail: Lettuce reconnects and replays the
 * blocked read in flight, so only the dropped connection tells the channel to sync again. Against
 * a real redis-server; the connections are dropped with {@code CLIENT KILL}, or the server is
 * restarted empty between two blocks of the reader.
 */
class RedisPurgeChannelBlipTest {

  private LocalRedis redis;

  @BeforeEach
  void startRedis() {
    redis = LocalRedis.start();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void connectionsKilledUnderIt_theChannelSyncsAgain() throws Exception {
    RecordingPurgeListener listener = new RecordingPurgeListener();
    try (RedisPurgeChannel channel = RedisPurgeChannel.builder().uri(redis.uri()).build()) {
      channel.start(listener);
      await().until(() -> listener.events().contains(RecordingPurgeListener.CAUGHT_UP));
      long before = caughtUps(listener);

      killNormalClients();

      await("a sync after the kill").atMost(Duration.ofSeconds(5))
          .until(() -> caughtUps(listener) > before);
    }
  }

  @Test
  void aPurgeTakenWhileRedisBlinked_reachesTheOtherInstance_afterItCameBackEmpty()
      throws Exception {
    try (PurgeLog a = log(); PurgeLog b = log()) {
      await().until(() -> a.reconciled() && b.reconciled());

      redis.stop();
      PurgeMark mark = b.purge(Purge.tag("blink"), Duration.ofMinutes(10)); // cannot publish
      assertThat(b.pending()).isEqualTo(1);
      redis.restart();

      await("B publishes it again and A applies it").atMost(Duration.ofSeconds(5))
          .until(() -> a.judge("k", "r", "/p", "blink", mark.at()).gone());
      await().until(() -> b.pending() == 0);
    }
  }

  @Test
  void theStreamAloneEvicted_andMadeAgainByAPublish_isALostHistory() throws Exception {
    RecordingPurgeListener listener = new RecordingPurgeListener();
    try (RedisPurgeChannel reader = RedisPurgeChannel.builder().uri(redis.uri()).build();
        RedisPurgeChannel writer = RedisPurgeChannel.builder().uri(redis.uri()).build()) {
      reader.start(listener);
      PurgeMark first = mark("m-1");
      writer.publish(first);
      await().until(() -> listener.events().contains("received m-1"));

      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> raw = client.connect()) {
        raw.sync().del("{daramjwee:purges}"); // as allkeys-lru would: the epoch key stays
      } finally {
        client.shutdown();
      }
      writer.publish(mark("m-2")); // makes the stream again, newer than what was read

      await("the loss is noticed").atMost(Duration.ofSeconds(5))
          .until(() -> listener.events().contains(RecordingPurgeListener.LOST));
      await().until(() -> listener.eventsAfter(RecordingPurgeListener.LOST).contains("received m-2"));
    }
  }

  private static PurgeMark mark(String id) {
    java.time.Instant now = java.time.Instant.now();
    return new PurgeMark(id, Purge.tag("t-" + id), now, now.plus(Duration.ofMinutes(10)));
  }

  private PurgeLog log() throws Exception {
    return PurgeLog.builder().channel(RedisPurgeChannel.builder().uri(redis.uri()).build())
        .build();
  }

  private static long caughtUps(RecordingPurgeListener listener) {
    return listener.events().stream().filter(RecordingPurgeListener.CAUGHT_UP::equals).count();
  }

  private void killNormalClients() {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      admin.sync().clientSetname("test-admin");
      // Every normal client but this one: SKIPME yes is the default.
      admin.sync().dispatch(io.lettuce.core.protocol.CommandType.CLIENT,
          new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
          new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
              .add("KILL").add("TYPE").add("normal"));
    } finally {
      client.shutdown();
    }
  }
}
