package io.daramjwee.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;
import redis.embedded.RedisServerBuilder;
import redis.embedded.exceptions.EmbeddedRedisException;
import redis.embedded.util.OsArchitecture;

/**
 * A real Redis server, redis-server 7.0.15 as shipped inside the embedded-redis jar, started as a
 * child process on a free loopback port: nothing is installed, the binary comes off the test
 * classpath. Nothing persists (no RDB snapshots, no append-only file), so it can be stopped and
 * started again on the same port and comes back empty, which lets tests take the service away
 * mid-call and bring it back.
 *
 * <p>No process outlives its owner: {@link #close()} stops the server, and a JVM shutdown hook
 * stops it too if a test forgets (test runners end their JVM with an exit, which runs the hook;
 * a plain main method would not end by itself, as embedded-redis keeps a non-daemon thread per
 * running server). Only a JVM killed outright (SIGKILL) leaves the server behind.
 *
 * <p>Public for the store contract test of daramjwee-store-tck, which uses this module's test-jar.
 * Thread-safe, though one test normally drives it.
 */
public final class LocalRedis implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  /** No RDB snapshots and no append-only file: a restarted server is empty. */
  private static final List<String> NO_PERSISTENCE = List.of("save \"\"", "appendonly no");
  /** Tries on free ports before giving up, for a port taken between finding and binding it. */
  private static final int START_ATTEMPTS = 3;

  /** The binary, copied out of the jar once per JVM rather than once per server. */
  private static File executable;

  private final RedisServer server;
  private final int port;
  private final Thread shutdownHook;
  private boolean closed;

  private LocalRedis(RedisServer server, int port) {
    this.server = server;
    this.port = port;
    this.shutdownHook = new Thread(server::stop, "local-redis-" + port + "-stopper");
  }

  /** Starts a server on a free port with persistence off. */
  public static LocalRedis start() {
    return start(new String[0]);
  }

  /**
   * Starts a server on a free port with persistence off and these extra configuration lines, one
   * setting each, as in redis.conf: {@code "maxmemory 2mb"}, {@code "maxmemory-policy allkeys-lru"}.
   */
  public static LocalRedis start(String... settings) {
    EmbeddedRedisException failure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      RedisServer server = build(port, settings);
      try {
        server.start();
      } catch (EmbeddedRedisException e) { // the process ended before it was ready
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        continue;
      }
      LocalRedis redis = new LocalRedis(server, port);
      Runtime.getRuntime().addShutdownHook(redis.shutdownHook);
      return redis;
    }
    throw failure;
  }

  /** Where a client connects: {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://" + HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /**
   * How many times the server has executed {@code command} (lower case, as {@code get}) since it
   * started, from its {@code INFO commandstats}.
   */
  public long calls(String command) {
    RedisClient client = RedisClient.create(uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String prefix = "cmdstat_" + command + ":calls=";
      for (String line : connection.sync().info("commandstats").split("\\r?\\n")) {
        if (line.startsWith(prefix)) {
          return Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
        }
      }
      return 0;
    } finally {
      client.shutdown();
    }
  }

  public synchronized boolean isRunning() {
    return server.isActive();
  }

  /**
   * Stops the server (its process ends; open connections break); the port is kept for
   * {@link #restart()}. Does nothing if it is not running.
   */
  public synchronized void stop() {
    server.stop();
  }

  /**
   * Starts the server again on the same port, empty since nothing persists; stops it first if it
   * is running.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    server.stop();
    server.start();
  }

  /** Stops the server if it is running; for good, it cannot be restarted. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to; it stops a stopped server, which does nothing.
    }
  }

  @Override
  public String toString() {
    return "LocalRedis[" + uri() + (isRunning() ? "" : ", stopped") + "]";
  }

  private static RedisServer build(int port, String... settings) {
    OsArchitecture platform = OsArchitecture.detect();
    RedisServerBuilder builder = RedisServer.builder()
        .redisExecProvider(RedisExecProvider.defaultProvider()
            .override(platform.os(), platform.arch(), executable().getAbsolutePath()))
        .bind(HOST)
        .port(port);
    NO_PERSISTENCE.forEach(builder::setting);
    for (String setting : settings) {
      builder.setting(setting);
    }
    return builder.build();
  }

  private static synchronized File executable() {
    if (executable == null) {
      try {
        executable = RedisExecProvider.defaultProvider().get();
      } catch (IOException e) {
        throw new UncheckedIOException("could not copy redis-server out of the jar", e);
      }
    }
    return executable;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }
}
