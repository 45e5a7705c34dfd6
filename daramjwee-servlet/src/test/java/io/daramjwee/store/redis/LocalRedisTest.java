package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixture itself: a real Redis answers on {@link LocalRedis#uri()}, goes away on stop, and
 * comes back empty on the same port on restart; close leaves no server behind.
 */
class LocalRedisTest {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void servesStopsAndRestartsEmptyOnTheSamePort() {
    try (LocalRedis redis = LocalRedis.start()) {
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
      RedisClient client = client(redis);
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> commands = connection.sync();
        assertThat(commands.set("key", "value")).isEqualTo("OK");
        assertThat(commands.get("key")).isEqualTo("value");

        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertRefused(redis.port());
        assertThatThrownBy(() -> commands.get("key"))
            .isInstanceOfAny(RedisConnectionException.class, RedisCommandTimeoutException.class);

        redis.restart();
        assertThat(redis.isRunning()).isTrue();
        // The client reconnects on its own, after a back-off; the server it finds is empty.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> commands.dbsize() == 0L);
        assertThat(commands.get("key")).isNull();
        assertThat(commands.set("key", "again")).isEqualTo("OK");
        assertThat(commands.get("key")).isEqualTo("again");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void persistenceIsOffAndExtraSettingsApply() {
    try (LocalRedis redis = LocalRedis.start("maxmemory 2mb", "maxmemory-policy allkeys-lru")) {
      RedisClient client = client(redis);
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> commands = connection.sync();
        assertThat(commands.configGet("save", "appendonly", "maxmemory", "maxmemory-policy"))
            .isEqualTo(Map.of("save", "", "appendonly", "no",
                "maxmemory", String.valueOf(2 * 1024 * 1024), "maxmemory-policy", "allkeys-lru"));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void closeStopsTheServerForGood() {
    LocalRedis redis = LocalRedis.start();
    redis.close();
    assertThat(redis.isRunning()).isFalse();
    assertRefused(redis.port());
    redis.close(); // a second close does nothing
    assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class);
  }

  private static RedisClient client(LocalRedis redis) {
    RedisClient client = RedisClient.create(redis.uri());
    client.setDefaultTimeout(COMMAND_TIMEOUT);
    return client;
  }

  private static void assertRefused(int port) {
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .as("a connection to port %d", port).isInstanceOf(ConnectException.class);
  }
}
