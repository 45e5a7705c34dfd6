package io.daramjwee.store.redis;

import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.Metadata;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A real Redis that stalls rather than goes away ({@code CLIENT PAUSE}: connections stay up,
 * commands get no answer): after the first command times out, the store fails the next ones at
 * once without sending them, probes one at a time, and serves again once Redis answers. The
 * server's own count of {@code GET}s shows what reached it.
 */
class RedisStallTest {

  private static final byte[] BODY = "still here".getBytes();

  @Test
  void afterATimeout_commandsFailAtOnceWithoutReachingRedis_untilAProbeIsAnswered()
      throws Exception {
    try (LocalRedis redis = LocalRedis.start();
        RedisStore store = RedisStore.builder().uri(redis.uri()).keyPrefix("stall:")
            .commandTimeout(Duration.ofMillis(200)).stallHold(Duration.ofSeconds(1)).build()) {
      Metadata metadata = Metadata.builder().freshFor(Duration.ofMinutes(5)).build();
      commit(store, "k", metadata, BODY);
      long getsBefore = redis.calls("get");

      pause(redis, Duration.ofMillis(3_000));
      assertThatThrownBy(() -> store.getStream("k")).isInstanceOf(IOException.class)
          .hasCauseInstanceOf(RedisCommandTimeoutException.class);
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> store.getStream("k")).isInstanceOf(IOException.class)
            .hasMessageContaining("not sent").hasNoCause();
      }
      assertThat(store.refusedWhileStalled()).isEqualTo(5);

      AtomicInteger tries = new AtomicInteger(6);
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(() -> {
        tries.incrementAndGet();
        try {
          return store.getStream("k") != null;
        } catch (IOException stalled) {
          return false;
        }
      });
      assertHolds(store, "k", metadata, BODY);

      long sent = redis.calls("get") - getsBefore - 1; // less the assertHolds read
      assertThat(tries.get()).as("reads tried").isGreaterThan(50);
      assertThat(sent).as("GETs that reached Redis of %d tried", tries.get())
          .isBetween(2L, 10L);
    }
  }

  private static void pause(LocalRedis redis, Duration duration) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().clientPause(duration.toMillis());
    } finally {
      client.shutdown();
    }
  }
}
