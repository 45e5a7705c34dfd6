package io.daramjwee.spring.tiers;

import io.daramjwee.spring.tiers.RedisUris.Login;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * The Redis server of the warm tier and of cluster mode, chosen as Spring Boot chooses it, so an
 * application configures Redis once: the application's Redis connection-details bean when it has
 * one (a Testcontainers {@code @ServiceConnection}, Docker Compose, its own), read by the
 * starter's {@link RedisConnectionDetailsReader}; else Spring Boot's own
 * {@code spring.data.redis.*}, read by name from the environment, the same on every Boot
 * generation and without Spring Data Redis: {@code sentinel.master} with {@code sentinel.nodes},
 * then {@code cluster.nodes}, then {@code url} (it overrides the host's properties, as in Boot),
 * then {@code host}, {@code port}, {@code username}, {@code password}, {@code database}; with
 * {@code ssl.enabled} for TLS. Stateless.
 *
 * <p>As in Boot, a Sentinel or cluster takes its credentials (and a Sentinel its database) from
 * {@code url} when it is set, and {@code ssl.enabled} makes a {@code redis://} url speak TLS.
 * A Redis Cluster is described by its seed nodes; its database is 0, and another
 * {@code database} fails startup naming it.
 *
 * <p>Not supported, and how it shows: the Sentinels' own credentials
 * ({@code sentinel.username}, {@code sentinel.password}) are not passed on, as a Redis URI cannot
 * carry them (Lettuce gives its password to the data nodes only), so Sentinels that require them
 * refuse the connection at startup; an SSL bundle ({@code ssl.bundle}, or a connection-details
 * bean's bundle with its own key or trust material) fails startup naming it, rather than
 * connecting without the trust it asks for; a static master/replica set
 * ({@code masterreplica.nodes}, Boot 4) fails startup naming it.
 */
final class SpringRedisServer {

  static final String PREFIX = "spring.data.redis.";

  private SpringRedisServer() {}

  /**
   * The server: what {@code details} reads from the application's connection-details bean, or,
   * when it reads none (or there is no reader: Boot's type is not on the classpath), what
   * {@code environment}'s {@code spring.data.redis.*} say.
   */
  static RedisAddress address(Environment environment, RedisConnectionDetailsReader details) {
    RedisAddress described = details == null ? null : details.read();
    return described != null ? described : fromProperties(environment);
  }

  /**
   * The server {@code spring.data.redis.*} describe, chosen as Spring Boot chooses: Sentinel when
   * {@code sentinel.master} is set, then Cluster, then {@code url}, then the host.
   *
   * @throws InvalidConfigurationPropertyValueException naming a property the connections cannot
   *     use
   */
  static RedisAddress fromProperties(Environment environment) {
    Binder binder = Binder.get(environment);
    boolean tls = tls(binder);
    String url = string(binder, "url", null);
    String master = string(binder, "sentinel.master", null);
    if (master != null) {
      List<String> nodes = list(binder, "sentinel.nodes");
      if (nodes.isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(PREFIX + "sentinel.nodes", null,
            "Sentinel needs its nodes (host:port, comma-separated) with sentinel.master");
      }
      Url parsed = url == null ? null : Url.parse(url);
      int database = parsed != null ? parsed.database() : database(binder);
      return RedisAddress.sentinel(RedisUris.sentinel(master, nodes, database,
          login(binder, parsed, tls)), PREFIX + "sentinel.nodes");
    }
    List<String> cluster = list(binder, "cluster.nodes");
    if (!cluster.isEmpty()) {
      int database = database(binder);
      if (database != 0) {
        throw new InvalidConfigurationPropertyValueException(PREFIX + "database", database,
            "a Redis Cluster has only database 0: leave it unset with cluster.nodes");
      }
      List<String> nodes = cluster.stream().map(SpringRedisServer::clusterNode).toList();
      return RedisAddress.cluster(RedisUris.cluster(nodes,
          login(binder, url == null ? null : Url.parse(url), tls)), PREFIX + "cluster.nodes");
    }
    List<String> replicas = list(binder, "masterreplica.nodes");
    if (!replicas.isEmpty()) {
      throw new InvalidConfigurationPropertyValueException(PREFIX + "masterreplica.nodes",
          replicas, "daramjwee's Redis connections (the warm tier, cluster mode) do not support"
              + " a static master/replica set: use a standalone, Sentinel-managed or cluster Redis");
    }
    if (url != null) {
      // ssl.enabled makes a plain url speak TLS, as in Boot
      return RedisAddress.standalone(tls && url.startsWith("redis://")
          ? "rediss://" + url.substring("redis://".length()) : url, PREFIX + "url");
    }
    return RedisAddress.standalone(RedisUris.standalone(string(binder, "host", "localhost"),
        binder.bind(PREFIX + "port", Integer.class).orElse(6379), database(binder),
        login(binder, null, tls)), PREFIX + "host");
  }

  /**
   * Whether {@code ssl.*} ask for TLS: {@code ssl.enabled}, on by default when a bundle is named,
   * as in Boot. A bundle with TLS on is refused: its key and trust material cannot be passed on.
   */
  private static boolean tls(Binder binder) {
    Boolean enabled = binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(null);
    String bundle = string(binder, "ssl.bundle", "");
    boolean tls = enabled != null ? enabled : !bundle.isBlank();
    if (tls && !bundle.isBlank()) {
      throw new InvalidConfigurationPropertyValueException(PREFIX + "ssl.bundle", bundle,
          "daramjwee's Redis connections (the warm tier, cluster mode) cannot use an SSL bundle"
              + " yet, and would not connect without the trust it asks for: remove it to use TLS"
              + " with the JVM's default trust store (ssl.enabled=true)");
    }
    return tls;
  }

  /** The url's credentials when it is set, else {@code username} and {@code password}. */
  private static Login login(Binder binder, Url url, boolean tls) {
    if (url != null) {
      return new Login(url.username(), url.password(), tls || url.tls());
    }
    return new Login(string(binder, "username", null), string(binder, "password", null), tls);
  }

  /** A {@code cluster.nodes} entry, {@code host:port}, spelled for a URI. */
  private static String clusterNode(String node) {
    int colon = node.lastIndexOf(':');
    try {
      if (colon > 0) {
        String host = node.substring(0, colon);
        return RedisUris.node(host.startsWith("[") && host.endsWith("]")
            ? host.substring(1, host.length() - 1) : host,
            Integer.parseInt(node.substring(colon + 1)));
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new InvalidConfigurationPropertyValueException(PREFIX + "cluster.nodes", node,
        "each node is host:port");
  }

  private static int database(Binder binder) {
    return binder.bind(PREFIX + "database", Integer.class).orElse(0);
  }

  private static String string(Binder binder, String name, String otherwise) {
    return binder.bind(PREFIX + name, String.class).orElse(otherwise);
  }

  private static List<String> list(Binder binder, String name) {
    return binder.bind(PREFIX + name, Bindable.listOf(String.class)).orElse(List.of());
  }

  /** What {@code url} says beyond the host, read as Spring Boot reads it. */
  private record Url(String username, String password, boolean tls, int database) {

    static Url parse(String url) {
      try {
        URI uri = new URI(url);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
          throw new URISyntaxException(redact(url), "not redis:// or rediss://");
        }
        String userInfo = uri.getUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        String path = uri.getPath() == null ? "" : uri.getPath();
        return new Url(colon < 0 ? null : userInfo.substring(0, colon),
            colon < 0 ? userInfo : userInfo.substring(colon + 1), "rediss".equals(uri.getScheme()),
            path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0);
      } catch (URISyntaxException | NumberFormatException e) {
        throw new InvalidConfigurationPropertyValueException(PREFIX + "url", redact(url),
            "not a Redis URL (redis://[user:password@]host:port[/database]): "
                + (e instanceof URISyntaxException syntax ? syntax.getReason()
                : "the database is not a number")); // never the message: it quotes the url
      }
    }

    /** {@code url} with its user information, and so any password, replaced. */
    static String redact(String url) {
      int scheme = url.indexOf("://");
      int at = url.lastIndexOf('@');
      return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "****" + url.substring(at)
          : url;
    }

    @Override
    public String toString() { // a record's would print the password
      return "Url[username=" + username + ", tls=" + tls + ", database=" + database + "]";
    }
  }
}
