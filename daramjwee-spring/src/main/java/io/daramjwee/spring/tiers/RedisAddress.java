package io.daramjwee.spring.tiers;

import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The Redis server daramjwee's connections (the warm tier, cluster mode) go to, whoever described
 * it: one standalone or Sentinel-managed server as a Redis URI, or a Redis Cluster as the URIs of
 * its seed nodes, as {@code io.daramjwee.store.redis}'s builders take them ({@code uri},
 * {@code clusterNodes}). It names where it came from, a {@code spring.data.redis.*} property or
 * Spring Boot's Redis connection-details bean, so that a failure names what to fix. Written by
 * {@link SpringRedisServer} from the properties, and by each starter from its Boot generation's
 * connection details ({@link RedisConnectionDetailsReader}). Immutable.
 */
final class RedisAddress {

  /** How the server is deployed. */
  enum Topology {
    /** One server, {@link #uri()}. */
    STANDALONE,
    /** A server Sentinels name, {@link #uri()} a {@code redis-sentinel://} one. */
    SENTINEL,
    /** A Redis Cluster, reached through {@link #seedUris()}. */
    CLUSTER
  }

  private final Topology topology;
  private final List<String> uris;
  private final String property; // null when a bean described the server
  private final String origin;

  private RedisAddress(Topology topology, List<String> uris, String property, String origin) {
    this.topology = topology;
    this.uris = List.copyOf(uris);
    this.property = property;
    this.origin = origin;
  }

  /** One server at {@code uri}, from the {@code spring.data.redis} property {@code property}. */
  static RedisAddress standalone(String uri, String property) {
    return new RedisAddress(Topology.STANDALONE, List.of(uri), property, "spring.data.redis.*");
  }

  /** A Sentinel-managed server, {@code uri} a {@code redis-sentinel://} one, from a property. */
  static RedisAddress sentinel(String uri, String property) {
    return new RedisAddress(Topology.SENTINEL, List.of(uri), property, "spring.data.redis.*");
  }

  /** A Redis Cluster through {@code seedUris}, from a property. */
  static RedisAddress cluster(List<String> seedUris, String property) {
    if (seedUris.isEmpty()) {
      throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
    }
    return new RedisAddress(Topology.CLUSTER, seedUris, property, "spring.data.redis.*");
  }

  /**
   * The server as the application's Redis connection-details bean {@code details} describes it:
   * {@code uris} one URI, or a cluster's seeds. Failures name the bean's class.
   */
  static RedisAddress described(Topology topology, List<String> uris, Object details) {
    if (uris.isEmpty()) {
      throw new IllegalStateException(describe(details) + " names no Redis node");
    }
    if (topology != Topology.CLUSTER && uris.size() != 1) {
      throw new IllegalArgumentException(topology + " takes one URI: " + uris.size());
    }
    return new RedisAddress(topology, uris, null, describe(details));
  }

  /** How the connection-details bean {@code details} is named in messages. */
  static String describe(Object details) {
    return "the Redis connection details " + Objects.requireNonNull(details, "details")
        .getClass().getName();
  }

  Topology topology() {
    return topology;
  }

  /** The URI of a standalone or Sentinel-managed server. */
  String uri() {
    if (topology == Topology.CLUSTER) {
      throw new IllegalStateException("a Redis Cluster has seed URIs, not one URI");
    }
    return uris.get(0);
  }

  /** The seed nodes of a Redis Cluster. */
  List<String> seedUris() {
    if (topology != Topology.CLUSTER) {
      throw new IllegalStateException("not a Redis Cluster: " + topology);
    }
    return uris;
  }

  /**
   * Where the server was described, for messages: {@code spring.data.redis.*}, or the
   * connection-details bean's class.
   */
  String origin() {
    return origin;
  }

  /**
   * The startup failure for a server description the connections cannot use: naming the
   * property it came from, or else the connection-details bean. {@code value} must carry no
   * password (redact it first).
   */
  RuntimeException invalid(Object value, String reason) {
    if (property != null) {
      return new InvalidConfigurationPropertyValueException(property, value, reason);
    }
    return new IllegalStateException(origin + " (" + value + "): " + reason);
  }

  /** The topology and origin; never the URIs, which may hold a password. */
  @Override
  public String toString() {
    return "RedisAddress[" + topology + " from " + (property != null ? property : origin) + "]";
  }
}
