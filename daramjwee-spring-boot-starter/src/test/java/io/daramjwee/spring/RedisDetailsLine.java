package io.daramjwee.spring;

import java.lang.reflect.Constructor;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's Redis connection-details beans, which the shared starter tests
 * (daramjwee-spring/src/starter-test) register as a service connection would, for Spring Boot 4
 * ({@link DataRedisConnectionDetails}). The Boot 3.5 starter has a class of the same name for its
 * line. Nodes are given as {@code host:port}.
 */
public final class RedisDetailsLine {

  /** The connection-details type: in spring-boot-data-redis on this line. */
  public static final Class<?> TYPE = DataRedisConnectionDetails.class;

  private RedisDetailsLine() {}

  /** One server; {@code ssl} may be null (no TLS). */
  public static Object standalone(String host, int port, int database, String username,
      String password, SslBundle ssl) {
    return new DataRedisConnectionDetails() {
      @Override
      public String getUsername() {
        return username;
      }

      @Override
      public String getPassword() {
        return password;
      }

      @Override
      public SslBundle getSslBundle() {
        return ssl;
      }

      @Override
      public Standalone getStandalone() {
        return Standalone.of(host, port, database);
      }
    };
  }

  /** A Sentinel-managed server, with the data nodes' and the Sentinels' own passwords. */
  public static Object sentinel(String master, List<String> nodes, int database,
      String password, String sentinelPassword) {
    return new DataRedisConnectionDetails() {
      @Override
      public String getPassword() {
        return password;
      }

      @Override
      public Sentinel getSentinel() {
        return new Sentinel() {
          @Override
          public int getDatabase() {
            return database;
          }

          @Override
          public String getMaster() {
            return master;
          }

          @Override
          public List<Node> getNodes() {
            return nodes(nodes);
          }

          @Override
          public String getUsername() {
            return null;
          }

          @Override
          public String getPassword() {
            return sentinelPassword;
          }
        };
      }
    };
  }

  /** A Redis Cluster; {@code ssl} may be null (no TLS). */
  public static Object cluster(List<String> nodes, String username, String password,
      SslBundle ssl) {
    return new DataRedisConnectionDetails() {
      @Override
      public String getUsername() {
        return username;
      }

      @Override
      public String getPassword() {
        return password;
      }

      @Override
      public SslBundle getSslBundle() {
        return ssl;
      }

      @Override
      public Cluster getCluster() {
        return () -> nodes(nodes);
      }
    };
  }

  /** A static master/replica set, or null where Boot has none (3.5). */
  public static Object masterReplica(List<String> nodes) {
    return new DataRedisConnectionDetails() {
      @Override
      public MasterReplica getMasterReplica() {
        return () -> nodes(nodes);
      }
    };
  }

  /**
   * Spring Boot's own connection details made from {@code environment}'s
   * {@code spring.data.redis.*}, the bean its Redis auto-configuration registers. That needs
   * Spring Data Redis, which these tests leave out, so the package-private class is made here.
   */
  public static Object fromProperties(Environment environment)
      throws ReflectiveOperationException {
    DataRedisProperties properties = Binder.get(environment)
        .bindOrCreate("spring.data.redis", DataRedisProperties.class);
    Constructor<?> made = Class.forName(TYPE.getPackageName()
        + ".PropertiesDataRedisConnectionDetails")
        .getDeclaredConstructor(DataRedisProperties.class, SslBundles.class);
    made.setAccessible(true);
    return made.newInstance(properties, null);
  }

  private static List<Node> nodes(List<String> hostPorts) {
    return hostPorts.stream().map(node -> new Node(node.substring(0, node.lastIndexOf(':')),
        Integer.parseInt(node.substring(node.lastIndexOf(':') + 1)))).toList();
  }
}
