package io.daramjwee.spring.tiers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * The Redis server of the warm tier, as Spring Boot's own {@code spring.data.redis.*} describe it,
 * so an application configures Redis once: {@code sentinel.master} with {@code sentinel.nodes},
 * else {@code url} (it overrides the host's properties, as in Boot), else {@code host},
 * {@code port}, {@code username}, {@code password}, {@code database} and {@code ssl.enabled}. Read by name from
 * the environment, the same on every Boot generation and without Spring Data Redis. Written as a
 * Redis URI for {@code RedisStoreBuilder.uri}. Stateless.
 *
 * <p>Not yet: Redis Cluster ({@code spring.data.redis.cluster.nodes}: startup fails naming it
 * rather than talking to one node of a cluster), separate Sentinel credentials
 * ({@code sentinel.username}, {@code sentinel.password}), SSL bundles, and Boot's
 * {@code RedisConnectionDetails} beans (service connections), which differ per Boot generation.
 */
final class SpringRedisServer {

  static final String PREFIX = "spring.data.redis.";

  private SpringRedisServer() {}

  /**
   * The server's Redis URI, from {@code environment}, chosen as Spring Boot chooses: Sentinel when
   * {@code sentinel.master} is set, then Cluster (refused), then {@code url}, then the host.
   */
  static String uri(Environment environment) {
    Binder binder = Binder.get(environment);
    String userInfo = userInfo(string(binder, "username", null), string(binder, "password", null));
    int database = binder.bind(PREFIX + "database", Integer.class).orElse(0);
    boolean ssl = binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false);
    String master = string(binder, "sentinel.master", null);
    if (master != null) {
      List<String> nodes = binder.bind(PREFIX + "sentinel.nodes", Bindable.listOf(String.class))
          .orElse(List.of());
      if (nodes.isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(PREFIX + "sentinel.nodes", null,
            "Sentinel needs its nodes (host:port, comma-separated) with sentinel.master");
      }
      return (ssl ? "rediss-sentinel://" : "redis-sentinel://") + userInfo
          + String.join(",", nodes) + "/" + database + "#" + encode(master);
    }
    List<String> cluster = binder.bind(PREFIX + "cluster.nodes", Bindable.listOf(String.class))
        .orElse(List.of());
    if (!cluster.isEmpty()) {
      throw new InvalidConfigurationPropertyValueException(PREFIX + "cluster.nodes", cluster,
          "the warm tier (daramjwee.warm.type=redis) does not support Redis Cluster yet: use a"
              + " standalone or Sentinel-managed Redis, or no warm tier");
    }
    String url = string(binder, "url", null);
    if (url != null) {
      return url;
    }
    String host = string(binder, "host", "localhost");
    return (ssl ? "rediss://" : "redis://") + userInfo
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
        + binder.bind(PREFIX + "port", Integer.class).orElse(6379) + "/" + database;
  }

  /** The property a rejected URI came from: {@code url} when it is set, else {@code host}. */
  static String source(Environment environment) {
    return PREFIX + (environment.containsProperty(PREFIX + "url")
        && !environment.containsProperty(PREFIX + "sentinel.master") ? "url" : "host");
  }

  private static String string(Binder binder, String name, String otherwise) {
    return binder.bind(PREFIX + name, String.class).orElse(otherwise);
  }

  private static String userInfo(String username, String password) {
    if (password == null) {
      return "";
    }
    return (username == null ? "" : encode(username)) + ":" + encode(password) + "@";
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
