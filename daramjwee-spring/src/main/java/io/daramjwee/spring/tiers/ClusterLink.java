package io.daramjwee.spring.tiers;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.purge.PurgeChannel;
import io.daramjwee.spring.ClusterProperties;
import io.daramjwee.store.redis.RedisClock;
import io.daramjwee.store.redis.RedisPurgeChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * What cluster mode adds to one instance: the clock shared through the Redis server (entries and
 * purge marks of every instance compare on it, whatever the skew of their own clocks) and the
 * channel purge marks travel on. Without cluster mode, the application's clock and no channel.
 * Closing it stops both. Thread-safe.
 */
final class ClusterLink implements AutoCloseable {

  private static final String LETTUCE = "io.lettuce.core.RedisClient";

  private final Clock clock;
  private final PurgeChannel channel; // null without cluster mode
  private final AutoCloseable clockCloser; // null without cluster mode

  private ClusterLink(Clock clock, PurgeChannel channel, AutoCloseable clockCloser) {
    this.clock = clock;
    this.channel = channel;
    this.clockCloser = clockCloser;
  }

  /** One instance on its own: the application's clock. */
  static ClusterLink none(Clock clock) {
    return new ClusterLink(clock, null, null);
  }

  /**
   * Cluster mode over the Redis {@code server} (see {@link SpringRedisServer}), measuring
   * {@code base} against the server's clock. A missing Lettuce or an unreachable Redis fails
   * startup, saying which.
   */
  static ClusterLink redis(ClusterProperties cluster, RedisAddress server, Clock base,
      ClassLoader classLoader) {
    if (!ClassUtils.isPresent(LETTUCE, classLoader)) {
      throw new InvalidConfigurationPropertyValueException("daramjwee.cluster.enabled", true,
          "cluster mode shares purges over Redis: add io.lettuce:lettuce-core (Spring Boot's "
              + "spring-boot-starter-data-redis brings it)");
    }
    return Redis.link(cluster, server, base);
  }

  Clock clock() {
    return clock;
  }

  /** The channel purge marks travel on, or null without cluster mode. */
  PurgeChannel channel() {
    return channel;
  }

  @Override
  public void close() throws Exception {
    try {
      if (channel != null) {
        channel.close();
      }
    } finally {
      if (clockCloser != null) {
        clockCloser.close();
      }
    }
  }

  /** Kept apart so that {@link ClusterLink} links against Lettuce's classes only when used. */
  private static final class Redis {

    private Redis() {}

    static ClusterLink link(ClusterProperties cluster, RedisAddress server, Clock base) {
      boolean redisCluster = server.topology() == RedisAddress.Topology.CLUSTER;
      RedisClock clock;
      try {
        RedisClock.Builder clockBuilder = RedisClock.builder();
        if (redisCluster) {
          clockBuilder.clusterNodes(server.seedUris());
        } else {
          clockBuilder.uri(server.uri());
        }
        clock = clockBuilder.base(base).resampleEvery(cluster.getClockResample()).build();
      } catch (InvalidSettingException e) {
        if (e.setting().equals("uri") || e.setting().equals("clusterNodes")) {
          throw server.invalid(e.value(), e.getMessage()); // the clock reads the server first
        }
        throw e;
      } catch (IOException e) {
        throw new UncheckedIOException("cluster mode cannot reach Redis (" + server.origin()
            + "): " + e.getMessage(), e);
      }
      try {
        RedisPurgeChannel.Builder channelBuilder = RedisPurgeChannel.builder();
        if (redisCluster) {
          channelBuilder.clusterNodes(server.seedUris());
        } else {
          channelBuilder.uri(server.uri());
        }
        RedisPurgeChannel channel = channelBuilder
            .keyPrefix(cluster.getKeyPrefix())
            .commandTimeout(cluster.getCommandTimeout())
            .build();
        return new ClusterLink(clock, channel, clock);
      } catch (InvalidSettingException e) {
        clock.close();
        String property = switch (e.setting()) {
          case "keyPrefix" -> "daramjwee.cluster.key-prefix";
          case "commandTimeout" -> "daramjwee.cluster.command-timeout";
          default -> null;
        };
        if (property == null) {
          throw e;
        }
        throw new InvalidConfigurationPropertyValueException(property, e.value(), e.getMessage());
      } catch (IOException | RuntimeException e) {
        clock.close();
        throw new UncheckedIOException("cluster mode cannot reach Redis (" + server.origin()
            + "): " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
      }
    }
  }
}
