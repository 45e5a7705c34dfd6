package io.daramjwee.store.redis;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.Arrays;

/**
 * A connection of a test's own to a {@link LocalRedis}, to see and do what the stores under test
 * cannot: count the commands Redis ran and the bytes it sent, list the clients that track keys,
 * drop connections, turn Redis's active expiry off. Its own connection is never tracked nor
 * killed by it.
 */
final class RedisAdmin implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  RedisAdmin(LocalRedis server) {
    this.client = RedisClient.create(server.uri());
    this.connection = client.connect();
    this.redis = connection.sync();
  }

  /** How many times Redis ran {@code command} (lower case, as {@code INFO commandstats} has it). */
  long calls(String command) {
    String prefix = "cmdstat_" + command + ":calls=";
    return Arrays.stream(redis.info("commandstats").split("\r?\n"))
        .filter(line -> line.startsWith(prefix))
        .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).split(",")[0]))
        .findFirst().orElse(0);
  }

  /**
   * The bytes Redis has sent to all its clients ({@code INFO stats}' {@code
   * total_net_output_bytes}); the answers to these calls count too, a few kilobytes each.
   */
  long outputBytes() {
    String prefix = "total_net_output_bytes:";
    return Arrays.stream(redis.info("stats").split("\r?\n"))
        .filter(line -> line.startsWith(prefix))
        .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).trim()))
        .findFirst().orElseThrow();
  }

  /** The clients with tracking on, by {@code CLIENT LIST}'s flag {@code t}. */
  long trackingClients() {
    return Arrays.stream(redis.clientList().split("\r?\n"))
        .filter(line -> Arrays.stream(line.split(" "))
            .anyMatch(field -> field.startsWith("flags=") && field.contains("t")))
        .count();
  }

  /** Drops every normal client's connection but this one's, as a network blip would. */
  void killClients() {
    redis.clientKill(KillArgs.Builder.typeNormal().skipme());
  }

  /**
   * Makes Redis answer no client for {@code duration} ({@code CLIENT PAUSE}, this one included);
   * connections stay up.
   */
  void pause(Duration duration) {
    redis.clientPause(duration.toMillis());
  }

  /**
   * Stops Redis expiring keys in the background, so an expired key stays until a command touches
   * it (needs a server started with {@code enable-debug-command yes}).
   */
  void stopActiveExpiry() {
    redis.dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("SET-ACTIVE-EXPIRE").add(0));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
