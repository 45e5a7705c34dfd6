package io.daramjwee.store.redis;

import io.daramjwee.InvalidSettingException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a Redis-backed part connects, as its builder was told: one server's URI (text or a
 * {@link RedisURI}; Sentinel included), or the seed nodes of a Redis Cluster, and optionally the
 * application's client. URIs are checked when given, and every failure to connect is an
 * {@link IOException} naming the server without credentials. A builder's part: not thread-safe.
 */
final class RedisEndpoint {

  /** The least time connecting may take, whatever the command timeout. */
  static final Duration HANDSHAKE = Duration.ofSeconds(10);

  private RedisURI uri;
  private String uriText;
  private List<String> clusterNodes; // null unless a cluster
  private RedisClient client;

  /** See {@link RedisStoreBuilder#uri(String)}. */
  void uri(String uri) {
    this.uri = parse("uri", Objects.requireNonNull(uri, "uri"));
    this.uriText = uri;
    this.clusterNodes = null;
  }

  /** See {@link RedisStoreBuilder#uri(RedisURI)}. */
  void uri(RedisURI uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.uriText = null;
    this.clusterNodes = null;
  }

  /** See {@link RedisStoreBuilder#clusterNodes(List)}. */
  void clusterNodes(List<String> seeds) {
    Objects.requireNonNull(seeds, "clusterNodes");
    if (seeds.isEmpty()) {
      throw new InvalidSettingException("clusterNodes", seeds,
          "clusterNodes needs at least one node of the cluster");
    }
    for (String seed : seeds) {
      RedisURI parsed = parse("clusterNodes", Objects.requireNonNull(seed, "clusterNodes[i]"));
      if (parsed.getSentinels() != null && !parsed.getSentinels().isEmpty()
          || parsed.getSocket() != null) {
        throw new InvalidSettingException("clusterNodes", RedisStoreBuilder.redact(seed),
            "a cluster node is a redis:// or rediss:// URI of one node: "
                + RedisStoreBuilder.redact(seed));
      }
      if (parsed.getDatabase() != 0) {
        throw new InvalidSettingException("clusterNodes", RedisStoreBuilder.redact(seed),
            "Redis Cluster has database 0 only: " + RedisStoreBuilder.redact(seed));
      }
    }
    this.clusterNodes = List.copyOf(seeds);
    this.uri = null;
    this.uriText = null;
  }

  /** See {@link RedisStoreBuilder#client(RedisClient)}. */
  void client(RedisClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Checks that a server was given and that it fits the client.
   *
   * @param user what needs the server, for the message when none was given
   * @throws InvalidSettingException when it was not, or an application client comes with a cluster
   */
  void check(String user) {
    if (uri == null && clusterNodes == null) {
      throw new InvalidSettingException("uri", null, "uri is missing: " + user
          + " needs the server (set uri, or clusterNodes for a Redis Cluster)");
    }
    if (clusterNodes != null && client != null) {
      throw new InvalidSettingException("client", client, "an application's RedisClient"
          + " cannot connect to a Redis Cluster; leave client unset with clusterNodes");
    }
  }

  /**
   * The client every connection of one part is opened with, made for it (the caller shuts it down
   * unless it hands it to a connection to own), or null when the application gave its own.
   * {@code timeout} is each command's time limit.
   */
  AbstractRedisClient newClient(Duration timeout) {
    if (client != null) {
      return null;
    }
    Duration handshake = handshake(timeout);
    return clusterNodes != null ? RedisConnection.newClusterClient(seeds(handshake))
        : RedisConnection.newClient(single(handshake));
  }

  /**
   * Connects with {@code own} (from {@link #newClient}; null for the application's client); the
   * connection shuts {@code own} down on close, or when connecting fails, when {@code owns}.
   *
   * @throws IOException when the server cannot be reached, naming it without credentials
   */
  RedisConnection connect(AbstractRedisClient own, Duration timeout, boolean owns)
      throws IOException {
    Duration handshake = handshake(timeout);
    RedisConnection connection;
    try {
      if (own instanceof RedisClusterClient clusterClient) {
        connection = RedisConnection.open(clusterClient, seeds(handshake), owns);
      } else {
        connection = RedisConnection.open(own != null ? (RedisClient) own : client,
            single(handshake), own != null && owns);
      }
    } catch (RuntimeException e) { // RedisException; Lettuce's checks of the URI
      throw new IOException("cannot connect to Redis at " + server() + ": " + e.getMessage(), e);
    }
    connection.timeout(timeout);
    return connection;
  }

  /**
   * One connection with a client of its own (the application's, if given), shut down with it.
   *
   * @throws IOException when the server cannot be reached, naming it without credentials
   */
  RedisConnection connect(Duration timeout) throws IOException {
    return connect(newClient(timeout), timeout, true);
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

  /**
   * How long connecting may take: the command timeout, but at least {@link #HANDSHAKE}, so a
   * short command timeout does not fail the handshake (HELLO, AUTH, SELECT) of a busy start.
   */
  private static Duration handshake(Duration timeout) {
    return timeout.compareTo(HANDSHAKE) < 0 ? HANDSHAKE : timeout;
  }

  private RedisURI single(Duration timeout) {
    // Not RedisURI.builder(uri): it drops a Sentinel URI's sentinels and master.
    RedisURI connectTo = uriText != null ? RedisURI.create(uriText) : uri;
    connectTo.setTimeout(timeout);
    return connectTo;
  }

  private List<RedisURI> seeds(Duration timeout) {
    List<RedisURI> seeds = new ArrayList<>(clusterNodes.size());
    for (String node : clusterNodes) {
      RedisURI seed = RedisURI.create(node);
      seed.setTimeout(timeout);
      seeds.add(seed);
    }
    return seeds;
  }

  private String server() {
    if (clusterNodes != null) {
      return "cluster " + RedisStoreBuilder.redact(clusterNodes.get(0))
          + (clusterNodes.size() > 1 ? ",..." : "");
    }
    return uriText != null ? RedisStoreBuilder.redact(uriText) : uri.getHost();
  }

  private static RedisURI parse(String setting, String text) {
    try {
      return RedisURI.create(text);
    } catch (IllegalArgumentException | RedisException e) {
      // The parser's message repeats the URI, credentials and all: not passed on.
      String shown = RedisStoreBuilder.redact(text);
      throw new InvalidSettingException(setting, shown, setting + " is not a Redis URI (use"
          + " redis://, rediss://, redis-sentinel:// or rediss-sentinel://): " + shown);
    }
  }
}
