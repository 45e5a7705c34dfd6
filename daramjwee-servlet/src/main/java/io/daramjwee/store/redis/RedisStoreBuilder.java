package io.daramjwee.store.redis;

import io.daramjwee.InvalidSettingException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link RedisStore}. {@link #uri} (or {@link #clusterNodes}) is required; everything
 * else has a default. Each setting is checked when it is given, and {@link #build()} checks how
 * they combine; a rejected setting is an {@link InvalidSettingException} naming it.
 */
public final class RedisStoreBuilder {

  private static final Logger log = LoggerFactory.getLogger(RedisStoreBuilder.class);
  /**
   * How long after the connection last answered the near cache serves copies: the bound on how
   * late a change is seen while the connection is silently broken (see {@link NearCache}).
   */
  private static final Duration NEAR_CACHE_LEASE = Duration.ofSeconds(1);

  /** Default bytes per chunk of a chunked body. */
  public static final int DEFAULT_CHUNK_SIZE = 128 * 1024;
  /** Default largest body kept inside its manifest, read in one {@code GET}. */
  public static final int DEFAULT_INLINE_THRESHOLD = 16 * 1024;
  public static final int MIN_CHUNK_SIZE = 1024;
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
  /** Default bytes of the near cache: 0, off. */
  public static final long DEFAULT_NEAR_CACHE_SIZE = 0;

  private final RedisEndpoint endpoint = new RedisEndpoint();
  private String keyPrefix = "daramjwee:";
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private int inlineThreshold = DEFAULT_INLINE_THRESHOLD;
  private Duration commandTimeout = Duration.ofSeconds(2);
  private Duration defaultTtl = Duration.ofDays(1);
  private Duration maxTtl = Duration.ofDays(30);
  private Duration readerGrace = Duration.ofMinutes(5);
  private Duration stallHold = Duration.ofSeconds(1);
  private long nearCacheSize = DEFAULT_NEAR_CACHE_SIZE;

  RedisStoreBuilder() {}

  /**
   * The server, as a Redis URI: {@code redis://[user:password@]host[:port][/database]},
   * {@code rediss://} for TLS, {@code redis-sentinel://host:port,host:port/database#master} for
   * Sentinel. Required.
   */
  public RedisStoreBuilder uri(String uri) {
    endpoint.uri(uri);
    return this;
  }

  /**
   * The server as a {@link RedisURI} already made (Spring Boot's connection details, say). The
   * store sets that object's timeout to how long connecting may take (the
   * {@link #commandTimeout}, at least 10 s) and gives each command the command timeout.
   */
  public RedisStoreBuilder uri(RedisURI uri) {
    endpoint.uri(uri);
    return this;
  }

  /**
   * A Redis Cluster instead of one server: some of its nodes, each a URI of one node
   * ({@code redis://[user:password@]host:port}, {@code rediss://} for TLS, no database but 0); the
   * others are found from them. Replaces {@link #uri}. The store's keys are laid out for a
   * cluster: every chunk of a write sits in one hash slot (see the class documentation of
   * {@link RedisStore}), and a write's manifest goes where its key hashes.
   */
  public RedisStoreBuilder clusterNodes(List<String> seedUris) {
    endpoint.clusterNodes(seedUris);
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
    endpoint.client(client);
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
   * After a command timed out (a Redis that stalls rather than goes away), how long every command
   * of the store fails at once, without reaching Redis, before one is tried again; the requests go
   * on to the next tier or the origin meanwhile instead of each waiting the
   * {@link #commandTimeout}. Zero to wait the timeout every time. Up to one hour. Default 1 s.
   */
  public RedisStoreBuilder stallHold(Duration hold) {
    if (hold == null || hold.isNegative()) {
      throw new InvalidSettingException("stallHold", hold, "must not be negative");
    }
    this.stallHold = atMost("stallHold", hold, Duration.ofHours(1));
    return this;
  }

  /**
   * The most bytes of this JVM's heap the near cache may hold (its manifests plus an estimate of
   * a few hundred bytes per entry); 0 turns it off. Default 0, off.
   *
   * <p>The near cache keeps copies of entries whose body is inline (up to the
   * {@link #inlineThreshold}) read lately, least recently used out first, so that a repeated hit
   * costs no round trip to Redis; Redis tells the store when any of them changes, is deleted,
   * expires or is evicted ({@code CLIENT TRACKING}), and the copy is dropped as that message
   * arrives (see {@link RedisStore}). It pays when this store is the first tier, or the tiers in
   * front of it are small: behind a local tier that already holds the hot entries it would mostly
   * hold second copies of them. It costs Redis a little memory per key read (its tracking table)
   * and a {@code PTTL} beside every read that is not a near hit. Needs a connection that speaks
   * RESP3 (the store's own client does; an application's {@link #client} must not be told RESP2);
   * on a Redis Cluster it is ignored (off), as tracking there is per node.
   */
  public RedisStoreBuilder nearCacheSize(long bytes) {
    if (bytes < 0) {
      throw new InvalidSettingException("nearCacheSize", bytes, "must not be negative");
    }
    this.nearCacheSize = bytes;
    return this;
  }

  /**
   * Connects and returns the store.
   *
   * @throws InvalidSettingException when the settings do not fit together, or no server was given
   * @throws IOException when the server cannot be reached, or refuses what the near cache needs
   */
  public RedisStore build() throws IOException {
    endpoint.check("a Redis store");
    if (inlineThreshold > chunkSize) {
      throw new InvalidSettingException("inlineThreshold", inlineThreshold,
          "must not exceed chunkSize (" + chunkSize + ")");
    }
    if (defaultTtl.compareTo(maxTtl) > 0) {
      throw new InvalidSettingException("defaultTtl", defaultTtl,
          "must not exceed maxTtl (" + maxTtl + ")");
    }
    RedisConnection connection = endpoint.connect(commandTimeout);
    NearCache near = null;
    try {
      RedisEndpoint.requireRedis7(connection, "the store needs Redis 7.0 or newer (SET with GET,"
          + " GETDEL, PEXPIRE with LT and GT)");
      if (nearCacheSize > 0 && connection.isCluster()) {
        log.info("nearCacheSize {} ignored tier=redis {}: no near cache on a Redis Cluster",
            nearCacheSize, connection);
      } else if (nearCacheSize > 0) {
        near = new NearCache(nearCacheSize, NEAR_CACHE_LEASE, System::nanoTime);
        NearCacheTracking.start(connection, near, new RedisKeys(keyPrefix)::isManifest);
      }
    } catch (IOException e) {
      connection.close();
      throw e;
    }
    return new RedisStore(connection, keyPrefix, new EntryTtl(defaultTtl, maxTtl), chunkSize,
        inlineThreshold, readerGrace.toMillis(), new StallGuard(stallHold, System::nanoTime),
        near);
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
