package io.daramjwee.store.redis;

import io.daramjwee.InvalidSettingException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link RedisStore}. {@link #uri} is required; everything else has a default. Each
 * setting is checked when it is given, and {@link #build()} checks how they combine; a rejected
 * setting is an {@link InvalidSettingException} naming it.
 */
public final class RedisStoreBuilder {

  /** Default bytes per chunk of a chunked body. */
  public static final int DEFAULT_CHUNK_SIZE = 128 * 1024;
  /** Default largest body kept inside its manifest, read in one {@code GET}. */
  public static final int DEFAULT_INLINE_THRESHOLD = 16 * 1024;
  public static final int MIN_CHUNK_SIZE = 1024;
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  private RedisURI uri;
  private String uriText;
  private RedisClient client;
  private String keyPrefix = "daramjwee:";
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private int inlineThreshold = DEFAULT_INLINE_THRESHOLD;
  private Duration commandTimeout = Duration.ofSeconds(2);
  private Duration defaultTtl = Duration.ofDays(1);
  private Duration maxTtl = Duration.ofDays(30);
  private Duration readerGrace = Duration.ofMinutes(5);

  RedisStoreBuilder() {}

  /**
   * The server, as a Redis URI: {@code redis://[user:password@]host[:port][/database]},
   * {@code rediss://} for TLS, {@code redis-sentinel://host:port,host:port/database#master} for
   * Sentinel. Required.
   */
  public RedisStoreBuilder uri(String uri) {
    try {
      this.uri = RedisURI.create(Objects.requireNonNull(uri, "uri"));
      this.uriText = uri;
    } catch (IllegalArgumentException | RedisException e) {
      // The parser's message repeats the URI, credentials and all: not passed on.
      throw new InvalidSettingException("uri", redact(uri), "not a Redis URI: use redis://,"
          + " rediss://, redis-sentinel:// or rediss-sentinel://");
    }
    return this;
  }

  /**
   * The server as a {@link RedisURI} already made (Spring Boot's connection details, say). The
   * store sets its {@link #commandTimeout} on it.
   */
  public RedisStoreBuilder uri(RedisURI uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.uriText = null;
    return this;
  }

  /**
   * A client of the application's to connect with (its resources, its event loops); the store
   * then shuts down only its connection. Default: a client of the store's own. The client's own
   * options apply: for the store to fail at once while Redis is away, rather than after the
   * command timeout, give it {@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}, as the
   * store's own client has.
   */
  public RedisStoreBuilder client(RedisClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /**
   * What every key of the store starts with, so several stores or applications can share one
   * Redis database. Default {@code daramjwee:}. No braces: they would make a Redis Cluster hash tag.
   */
  public RedisStoreBuilder keyPrefix(String prefix) {
    Objects.requireNonNull(prefix, "keyPrefix");
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      throw new InvalidSettingException("keyPrefix", prefix,
          "must not contain braces, which Redis Cluster reads as a hash tag");
    }
    this.keyPrefix = prefix;
    return this;
  }

  /** Bytes per chunk of a chunked body, 1 KiB to 16 MiB. Default 128 KiB. */
  public RedisStoreBuilder chunkSize(int bytes) {
    if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
      throw new InvalidSettingException("chunkSize", bytes, "must be between " + MIN_CHUNK_SIZE
          + " and " + MAX_CHUNK_SIZE + " bytes");
    }
    this.chunkSize = bytes;
    return this;
  }

  /** The largest body kept inside its manifest, 0 to the chunk size. Default 16 KiB. */
  public RedisStoreBuilder inlineThreshold(int bytes) {
    if (bytes < 0) {
      throw new InvalidSettingException("inlineThreshold", bytes, "must not be negative");
    }
    this.inlineThreshold = bytes;
    return this;
  }

  /** How long one command may take before the tier counts as failing. Default 2 s. */
  public RedisStoreBuilder commandTimeout(Duration timeout) {
    this.commandTimeout = positive("commandTimeout", timeout);
    return this;
  }

  /**
   * How long an entry lives in Redis whose metadata names no lifetime, or leaves a stale window
   * to the cache's defaults (which a store does not know): at least this. Default 1 day.
   */
  public RedisStoreBuilder defaultTtl(Duration ttl) {
    this.defaultTtl = positive("defaultTtl", ttl);
    return this;
  }

  /** The longest any entry lives in Redis, whatever its lifetime: up to 365 days. Default 30. */
  public RedisStoreBuilder maxTtl(Duration ttl) {
    this.maxTtl = atMost("maxTtl", positive("maxTtl", ttl), Duration.ofDays(365));
    return this;
  }

  /**
   * How long a reader may go on reading a version that was replaced or deleted: its chunks live
   * that much longer, at most. Up to one day. Default 5 minutes.
   */
  public RedisStoreBuilder readerGrace(Duration grace) {
    this.readerGrace = atMost("readerGrace", positive("readerGrace", grace), Duration.ofDays(1));
    return this;
  }

  /**
   * Connects and returns the store.
   *
   * @throws InvalidSettingException when the settings do not fit together
   * @throws IOException when the server cannot be reached
   */
  public RedisStore build() throws IOException {
    if (uri == null) {
      throw new InvalidSettingException("uri", null, "a Redis store needs the server: set uri");
    }
    if (inlineThreshold > chunkSize) {
      throw new InvalidSettingException("inlineThreshold", inlineThreshold,
          "must not exceed chunkSize (" + chunkSize + ")");
    }
    if (defaultTtl.compareTo(maxTtl) > 0) {
      throw new InvalidSettingException("defaultTtl", defaultTtl,
          "must not exceed maxTtl (" + maxTtl + ")");
    }
    // Not RedisURI.builder(uri): it drops a Sentinel URI's sentinels and master.
    RedisURI connectTo = uriText != null ? RedisURI.create(uriText) : uri;
    connectTo.setTimeout(commandTimeout);
    RedisConnection connection;
    try {
      connection = client == null ? RedisConnection.open(connectTo)
          : RedisConnection.open(client, connectTo);
    } catch (RuntimeException e) { // RedisException; Lettuce's checks of the URI
      throw new IOException("cannot connect to Redis at "
          + (uriText != null ? redact(uriText) : connectTo.getHost()) + ": " + e.getMessage(), e);
    }
    String version = connection.serverVersion();
    if (version != null && !RedisConnection.atLeast(version, 7)) {
      connection.close();
      throw new IOException("Redis " + version + " at " + connection + " is too old: the store"
          + " needs Redis 7.0 or newer (SET with GET, GETDEL, PEXPIRE with LT and GT)");
    }
    return new RedisStore(connection, keyPrefix, new EntryTtl(defaultTtl, maxTtl), chunkSize,
        inlineThreshold, readerGrace.toMillis());
  }

  private static Duration positive(String setting, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidSettingException(setting, value, "must be positive");
    }
    return value;
  }

  private static Duration atMost(String setting, Duration value, Duration limit) {
    if (value.compareTo(limit) > 0) {
      throw new InvalidSettingException(setting, value, "must be at most " + limit);
    }
    return value;
  }

  /** {@code uri} with everything between the scheme and the last {@code @} replaced. */
  static String redact(String uri) {
    if (uri == null) {
      return null;
    }
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    return scheme >= 0 && at > scheme ? uri.substring(0, scheme + 3) + "****" + uri.substring(at)
        : uri;
  }
}
