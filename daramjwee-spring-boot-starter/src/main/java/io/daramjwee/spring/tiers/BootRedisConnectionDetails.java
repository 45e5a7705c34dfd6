package io.daramjwee.spring.tiers;

import io.daramjwee.spring.tiers.RedisAddress.Topology;
import io.daramjwee.spring.tiers.RedisUris.Login;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Cluster;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Sentinel;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Standalone;

/**
 * Reads Spring Boot 4's {@link DataRedisConnectionDetails} bean as a {@link RedisAddress}, in
 * Boot's order: Sentinel, then cluster, then static master/replica (refused), then standalone;
 * the user name, password and SSL bundle are the bean's own, the Sentinels' own credentials are
 * not passed on (see {@link SpringRedisServer}). Boot's bean made from {@code spring.data.redis.*}
 * is left to {@link SpringRedisServer}, which reads those properties directly. Thread-safe.
 */
final class BootRedisConnectionDetails implements RedisConnectionDetailsReader {

  /** Spring Boot's own connection details, made from {@code spring.data.redis.*}. */
  static final String FROM_PROPERTIES =
      "org.springframework.boot.data.redis.autoconfigure.PropertiesDataRedisConnectionDetails";

  private final ObjectProvider<DataRedisConnectionDetails> details;

  BootRedisConnectionDetails(ObjectProvider<DataRedisConnectionDetails> details) {
    this.details = details;
  }

  @Override
  public RedisAddress read() {
    DataRedisConnectionDetails bean = details.getIfAvailable();
    if (bean == null || bean.getClass().getName().equals(FROM_PROPERTIES)) {
      return null;
    }
    return address(bean);
  }

  private static RedisAddress address(DataRedisConnectionDetails details) {
    String origin = RedisAddress.describe(details);
    Login login = new Login(details.getUsername(), details.getPassword(),
        RedisUris.tls(details.getSslBundle(), origin));
    Sentinel sentinel = details.getSentinel();
    if (sentinel != null) {
      return RedisAddress.described(Topology.SENTINEL, List.of(RedisUris.sentinel(
          sentinel.getMaster(), nodes(sentinel.getNodes()), sentinel.getDatabase(), login)),
          details);
    }
    Cluster cluster = details.getCluster();
    if (cluster != null) {
      return RedisAddress.described(Topology.CLUSTER,
          RedisUris.cluster(nodes(cluster.getNodes()), login), details);
    }
    if (details.getMasterReplica() != null) {
      throw new IllegalStateException(origin + " describes a static master/replica set, which"
          + " daramjwee's Redis connections (the warm tier, cluster mode) do not support: use a"
          + " standalone, Sentinel-managed or cluster Redis");
    }
    Standalone standalone = details.getStandalone();
    if (standalone == null) {
      throw new IllegalStateException(origin + " describes no Redis server");
    }
    return RedisAddress.described(Topology.STANDALONE, List.of(RedisUris.standalone(
        standalone.getHost(), standalone.getPort(), standalone.getDatabase(), login)), details);
  }

  private static List<String> nodes(List<Node> nodes) {
    return nodes.stream().map(node -> RedisUris.node(node.host(), node.port())).toList();
  }
}
