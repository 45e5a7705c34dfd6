package io.daramjwee.store.redis;

import io.daramjwee.InvalidSettingException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a Redis-backed part other than the store connects, as its builder was told: the server's
 * URI (text or a {@link RedisURI}) and, optionally, the application's client. The URI is checked
 * as {@link RedisStoreBuilder} checks it, and every failure to connect is an {@link IOException}
 * naming the server without credentials. A builder's part: not thread-safe.
 */
final class RedisEndpoint {

  private RedisURI uri;
  private String uriText;
  private RedisClient client;

  /** See {@link RedisStoreBuilder#uri(String)}. */
  void uri(String uri) {
    try {
      this.uri = RedisURI.create(Objects.requireNonNull(uri, "uri"));
      this.uriText = uri;
    } catch (IllegalArgumentException | RedisException e) {
      // The parser's message repeats the URI, credentials and all: not passed on.
      String shown = RedisStoreBuilder.redact(uri);
      throw new InvalidSettingException("uri", shown, "uri is not a Redis URI (use redis://,"
          + " rediss://, redis-sentinel:// or rediss-sentinel://): " + shown);
    }
  }

  /** See {@link RedisStoreBuilder#uri(RedisURI)}. */
  void uri(RedisURI uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.uriText = null;
  }

  /** See {@link RedisStoreBuilder#client(RedisClient)}. */
  void client(RedisClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** The application's client, or null when the caller makes its own. */
  RedisClient applicationClient() {
    return client;
  }

  /**
   * The URI to connect to, with {@code timeout} as its command timeout.
   *
   * @param user what needs the server, for the message when no URI was given
   * @throws InvalidSettingException when no URI was given
   */
  RedisURI resolve(String user, Duration timeout) {
    if (uri == null) {
      throw new InvalidSettingException("uri", null, "uri is missing: " + user
          + " needs the server");
    }
    // Not RedisURI.builder(uri): it drops a Sentinel URI's sentinels and master.
    RedisURI connectTo = uriText != null ? RedisURI.create(uriText) : uri;
    connectTo.setTimeout(timeout);
    return connectTo;
  }

  /**
   * Connects {@code with} (the application's client, or one from
   * {@link RedisConnection#newClient}) to {@code to}.
   *
   * @throws IOException when the server cannot be reached, naming it without credentials
   */
  RedisConnection connect(RedisClient with, RedisURI to) throws IOException {
    try {
      return RedisConnection.open(with, to);
    } catch (RuntimeException e) { // RedisException; Lettuce's checks of the URI
      throw new IOException("cannot connect to Redis at " + server(to) + ": " + e.getMessage(),
          e);
    }
  }

  /** Connects a client of its own to {@code to}; see {@link #connect(RedisClient, RedisURI)}. */
  RedisConnection connect(RedisURI to) throws IOException {
    try {
      return RedisConnection.open(to);
    } catch (RuntimeException e) {
      throw new IOException("cannot connect to Redis at " + server(to) + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Checks that the server runs Redis 7.0 or newer.
   *
   * @param needs what needs it, as "the purge channel needs Redis 7.0 or newer (...)" goes on
   * @throws IOException when it is older or cannot say
   */
  static void requireRedis7(RedisConnection connection, String needs) throws IOException {
    String version;
    try {
      version = connection.serverVersion();
    } catch (RuntimeException e) {
      throw new IOException("cannot read the version of Redis at " + connection + ": "
          + e.getMessage(), e);
    }
    if (version != null && !RedisConnection.atLeast(version, 7)) {
      throw new IOException("Redis " + version + " at " + connection + " is too old: " + needs);
    }
  }

  private String server(RedisURI to) {
    return uriText != null ? RedisStoreBuilder.redact(uriText) : to.getHost();
  }
}
