package io.daramjwee.spring.tiers;

import io.daramjwee.spring.tiers.RedisAddress.Topology;
import io.daramjwee.spring.tiers.RedisUris.Login;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails.Cluster;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails.Node;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails.Sentinel;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails.Standalone;

/**
 * Reads Spring Boot 3.5's {@link RedisConnectionDetails} bean as a {@link RedisAddress}, in
 * Boot's order: Sentinel, then cluster, then standalone; the user name and password are the
 * bean's own, the SSL bundle that of the part used, and the Sentinels' own credentials are not
 * passed on (see {@link SpringRedisServer}). Boot's bean made from {@code spring.data.redis.*} is
 * left to {@link SpringRedisServer}, which reads those properties directly. Thread-safe.
 */
final class BootRedisConnectionDetails implements RedisConnectionDetailsReader {

  /** Spring Boot's own connection details, made from {@code spring.data.redis.*}. */
  static final String FROM_PROPERTIES =
      "org.springframework.boot.autoconfigure.data.redis.PropertiesRedisConnectionDetails";

  private final ObjectProvider<RedisConnectionDetails> details;

  BootRedisConnectionDetails(ObjectProvider<RedisConnectionDetails> details) {
    this.details = details;
  }

  @Override
  public RedisAddress read() {
    RedisConnectionDetails bean = details.getIfAvailable();
    if (bean == null || bean.getClass().getName().equals(FROM_PROPERTIES)) {
      return null;
    }
    return address(bean);
  }

  private static RedisAddress address(RedisConnectionDetails details) {
    String origin = RedisAddress.describe(details);
    Sentinel sentinel = details.getSentinel();
    if (sentinel != null) {
      return RedisAddress.described(Topology.SENTINEL, List.of(RedisUris.sentinel(
          sentinel.getMaster(), nodes(sentinel.getNodes()), sentinel.getDatabase(),
          login(details, RedisUris.tls(sentinel.getSslBundle(), origin)))), details);
    }
    Cluster cluster = details.getCluster();
    if (cluster != null) {
      return RedisAddress.described(Topology.CLUSTER, RedisUris.cluster(nodes(cluster.getNodes()),
          login(details, RedisUris.tls(cluster.getSslBundle(), origin))), details);
    }
    Standalone standalone = details.getStandalone();
    if (standalone == null) {
      throw new IllegalStateException(origin + " describes no Redis server");
    }
    return RedisAddress.described(Topology.STANDALONE, List.of(RedisUris.standalone(
        standalone.getHost(), standalone.getPort(), standalone.getDatabase(),
        login(details, RedisUris.tls(standalone.getSslBundle(), origin)))), details);
  }

  private static Login login(RedisConnectionDetails details, boolean tls) {
    return new Login(details.getUsername(), details.getPassword(), tls);
  }

  private static List<String> nodes(List<Node> nodes) {
    return nodes.stream().map(node -> RedisUris.node(node.host(), node.port())).toList();
  }
}
