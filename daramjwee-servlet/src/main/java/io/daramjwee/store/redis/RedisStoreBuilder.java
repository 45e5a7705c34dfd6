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
      throw new InvalidSettingException("uri", redact(uri), "not a Redis URI: " + e.getMessage(),
          e);
    }
    return this;
  }

  /** The server as a {@link RedisURI} already made (Spring Boot's connection details, say). */
  public RedisStoreBuilder uri(RedisURI uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.uriText = null;
    return this;
  }

  /**
   * A client of the application's to connect with (its resources, its event loops); the store
   * then shuts down only its connection. Default: a client of the store's own.
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

  /** How long an entry whose metadata names no lifetime lives in Redis. Default 1 day. */
  public RedisStoreBuilder defaultTtl(Duration ttl) {
    this.defaultTtl = positive("defaultTtl", ttl);
    return this;
  }

  /** The longest any entry lives in Redis, whatever its lifetime. Default 30 days. */
  public RedisStoreBuilder maxTtl(Duration ttl) {
    this.maxTtl = positive("maxTtl", ttl);
    return this;
  }

  /**
   * How long a reader may go on reading a version that was replaced or deleted: its chunks live
   * that much longer, at most. Default 5 minutes.
   */
  public RedisStoreBuilder readerGrace(Duration grace) {
    this.readerGrace = positive("readerGrace", grace);
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
    RedisURI connectTo = RedisURI.builder(uri).withTimeout(commandTimeout).build();
    RedisConnection connection;
    try {
      connection = client == null ? RedisConnection.open(connectTo)
          : RedisConnection.open(client, connectTo);
    } catch (RedisException e) {
      throw new IOException("cannot connect to Redis at "
          + (uriText != null ? redact(uriText) : connectTo.getHost()) + ": " + e.getMessage(), e);
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

  /** {@code uri} with any password replaced, for messages. */
  private static String redact(String uri) {
    return uri == null ? null : uri.replaceAll("://([^:@/]*):[^@/]*@", "://$1:****@");
  }
}
