package io.daramjwee.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One connection of a Redis-backed part, to a single server (standalone or found through
 * Sentinel) or to a Redis Cluster: string keys, byte-array values, and the client it came from
 * when the part made that client itself (then closing the connection shuts the client down; a
 * client the application gave is left to the application). Commands go through
 * {@link RedisClusterCommands}, what both kinds of connection offer; on a cluster Lettuce routes
 * each to the master serving its key's slot and follows redirections. Its {@code toString} names
 * the server without credentials.
 */
final class RedisConnection implements AutoCloseable {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  /** How often a cluster connection reads the cluster's topology, besides on redirections. */
  private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterCommands<String, byte[]> commands;
  private final RedisClusterAsyncCommands<String, byte[]> async;
  private final StatefulRedisConnection<String, byte[]> single; // null on a cluster
  private final StatefulRedisClusterConnection<String, byte[]> cluster; // null unless a cluster
  private final AbstractRedisClient client;
  private final boolean ownsClient;
  private final String server;

  private RedisConnection(StatefulRedisConnection<String, byte[]> single,
      StatefulRedisClusterConnection<String, byte[]> cluster, AbstractRedisClient client,
      boolean ownsClient, String server) {
    this.connection = single != null ? single : cluster;
    this.commands = single != null ? single.sync() : cluster.sync();
    this.async = single != null ? single.async() : cluster.async();
    this.single = single;
    this.cluster = cluster;
    this.client = client;
    this.ownsClient = ownsClient;
    this.server = server;
  }

  /**
   * A client of daramjwee's own for {@code uri}. While a connection of it is down (it reconnects
   * by itself), commands fail at once instead of queueing until their timeout, so a request falls
   * through to the next tier without waiting. The caller shuts it down.
   */
  static RedisClient newClient(RedisURI uri) {
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    return client;
  }

  /**
   * A client of daramjwee's own for the Redis Cluster these seed nodes belong to (the others are
   * found from them). Like {@link #newClient(RedisURI)} it rejects commands for a node it is not
   * connected to; it reads the topology again every 30 s and at once on a redirection or a
   * reconnect, so a failover is followed. The caller shuts it down.
   */
  static RedisClusterClient newClusterClient(List<RedisURI> seeds) {
    RedisClusterClient client = RedisClusterClient.create(seeds);
    client.setOptions(ClusterClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build());
    return client;
  }

  /**
   * Connects {@code client}, the application's or one from {@link #newClient}, to {@code uri};
   * {@code owned} says whether closing this connection shuts the client down (also done when
   * connecting fails).
   */
  static RedisConnection open(RedisClient client, RedisURI uri, boolean owned) {
    try {
      StatefulRedisConnection<String, byte[]> c = client.connect(CODEC, uri);
      return new RedisConnection(c, null, client, owned, describe(uri));
    } catch (RuntimeException e) {
      if (owned) {
        client.shutdown();
      }
      throw e;
    }
  }

  /**
   * Connects {@code client} (from {@link #newClusterClient}) to its cluster; {@code owned} says
   * whether closing this connection shuts the client down.
   */
  static RedisConnection open(RedisClusterClient client, List<RedisURI> seeds, boolean owned) {
    try {
      StatefulRedisClusterConnection<String, byte[]> c = client.connect(CODEC);
      return new RedisConnection(null, c, client, owned,
          "cluster:" + describe(seeds.get(0)) + (seeds.size() > 1 ? ",..." : ""));
    } catch (RuntimeException e) {
      if (owned) {
        client.shutdown();
      }
      throw e;
    }
  }

  /**
   * Runs {@code action} (on a Lettuce thread) each time this connection drops, before Lettuce
   * reconnects it. On a cluster, each time any connection of the client to a node drops (the
   * connection to a cluster is one per node).
   */
  void onDisconnect(Runnable action) {
    RedisConnectionStateListener listener = new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> dropped) {
        action.run();
      }
    };
    if (cluster != null) {
      client.addListener(listener);
    } else if (connection instanceof RedisChannelHandler<?, ?> handler) {
      handler.addListener(listener);
    }
  }

  /**
   * Runs {@code action} (on a Lettuce thread) each time this connection is up again after it
   * dropped, once Lettuce's own handshake is done, so that the action may send commands (without
   * waiting for their replies on that thread). Not for a cluster.
   */
  void onReconnect(Runnable action) {
    single().addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connected, SocketAddress address) {
        action.run();
      }
    });
  }

  /**
   * Runs {@code listener} (on a Lettuce thread, in the order the connection reads them) for every
   * message Redis pushes on this connection outside a reply, such as client tracking's
   * invalidations. Not for a cluster.
   */
  void onPush(PushListener listener) {
    single().addListener(listener);
  }

  /** Whether this is a connection to a Redis Cluster (one connection per node). */
  boolean isCluster() {
    return cluster != null;
  }

  /**
   * Whether the connection speaks RESP3, the protocol in which Redis pushes messages on the
   * connection itself. A client of daramjwee's own does on Redis 6 and newer; an application's
   * client may have been told RESP2.
   */
  boolean speaksResp3() {
    return single instanceof StatefulRedisConnectionImpl<?, ?> impl
        && impl.getConnectionState().getNegotiatedProtocolVersion() == ProtocolVersion.RESP3;
  }

  /** The server's {@code redis_version} (on a cluster, a node's), or null when it does not say. */
  String serverVersion() {
    String info = commands.info("server");
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

  /**
   * The server's {@code TIME}. On a cluster, that of the master serving the slot of
   * {@code anchor}, so that every instance reading the time for the same key reads one server's
   * clock (any node's while the topology is not known yet).
   */
  List<byte[]> time(String anchor) {
    if (cluster == null) {
      return commands.time();
    }
    RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(anchor));
    return master == null ? commands.time()
        : node(master.getNodeId()).sync().time();
  }

  /**
   * The connection to one node of the cluster, with this connection's command timeout: Lettuce
   * makes node connections with the seed URI's timeout (the handshake's) and does not pass on a
   * timeout set later.
   */
  private StatefulRedisConnection<String, byte[]> node(String nodeId) {
    StatefulRedisConnection<String, byte[]> node = cluster.getConnection(nodeId);
    node.setTimeout(cluster.getTimeout());
    return node;
  }

  /** How long each command of this connection may take, replacing the URI's timeout. */
  void timeout(Duration timeout) {
    connection.setTimeout(timeout);
  }

  RedisClusterCommands<String, byte[]> commands() {
    return commands;
  }

  /** The same commands, sent without waiting for their replies. */
  RedisClusterAsyncCommands<String, byte[]> async() {
    return async;
  }

  /** How long each command may take. */
  Duration timeout() {
    return connection.getTimeout();
  }

  private StatefulRedisConnection<String, byte[]> single() {
    if (single == null) {
      throw new IllegalStateException("a cluster connection: " + this);
    }
    return single;
  }

  @Override
  public void close() {
    connection.close();
    if (ownsClient) {
      client.shutdown();
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
