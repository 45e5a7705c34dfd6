package io.daramjwee.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * A {@link RedisStore}'s one connection: string keys, byte-array values, and the client it came
 * from when the store made that client itself (then closing the store shuts the client down; a
 * client the application gave is left to the application). Its {@code toString} names the server
 * without credentials.
 */
final class RedisConnection implements AutoCloseable {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisClient ownedClient; // null when the application owns the client
  private final String server;

  private RedisConnection(StatefulRedisConnection<String, byte[]> connection,
      RedisClient ownedClient, String server) {
    this.connection = connection;
    this.ownedClient = ownedClient;
    this.server = server;
  }

  /**
   * Connects a client of the store's own to {@code uri}; shuts it down if that fails. While the
   * connection is down (it reconnects by itself), commands fail at once instead of queueing until
   * their timeout, so a request falls through to the next tier without waiting.
   */
  static RedisConnection open(RedisURI uri) {
    RedisClient client = newClient(uri);
    try {
      return new RedisConnection(client.connect(CODEC), client, describe(uri));
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /**
   * A client of daramjwee's own for {@code uri}, whose connections fail commands at once while
   * they are down (see {@link #open(RedisURI)}); the caller shuts it down.
   */
  static RedisClient newClient(RedisURI uri) {
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    return client;
  }

  /** Connects {@code client}, the application's or one from {@link #newClient}, to {@code uri}. */
  static RedisConnection open(RedisClient client, RedisURI uri) {
    return new RedisConnection(client.connect(CODEC, uri), null, describe(uri));
  }

  /**
   * Runs {@code action} (on a Lettuce thread) each time this connection drops, before Lettuce
   * reconnects it.
   */
  void onDisconnect(Runnable action) {
    if (connection instanceof RedisChannelHandler<?, ?> handler) {
      handler.addListener(new RedisConnectionStateListener() {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> dropped) {
          action.run();
        }
      });
    }
  }

  /** The server's {@code redis_version}, or null when it does not say. */
  String serverVersion() {
    String info = connection.sync().info("server");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return null;
  }

  /** Whether {@code version} (major.minor.patch) is at least {@code major}.0. */
  static boolean atLeast(String version, int major) {
    try {
      return Integer.parseInt(version.split("\\.")[0]) >= major;
    } catch (NumberFormatException e) {
      return true; // a server that names itself oddly is given the benefit of the doubt
    }
  }

  /** How long each command of this connection may take, replacing the URI's timeout. */
  void timeout(Duration timeout) {
    connection.setTimeout(timeout);
  }

  RedisCommands<String, byte[]> commands() {
    return connection.sync();
  }

  @Override
  public void close() {
    connection.close();
    if (ownedClient != null) {
      ownedClient.shutdown();
    }
  }

  @Override
  public String toString() {
    return "server=" + server;
  }

  private static String describe(RedisURI uri) {
    if (uri.getSentinels() != null && !uri.getSentinels().isEmpty()) {
      return "sentinel:" + uri.getSentinelMasterId() + "/" + uri.getDatabase();
    }
    if (uri.getSocket() != null) {
      return "unix:" + uri.getSocket() + "/" + uri.getDatabase();
    }
    return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
  }
}
