package io.daramjwee.spring.tiers;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.RedisStoreProperties;
import io.daramjwee.store.redis.RedisStore;
import io.daramjwee.store.redis.RedisStoreBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Redis store, from {@code daramjwee.warm.redis} on the server Spring Boot would connect to:
 * the application's Redis connection-details bean, else {@code spring.data.redis.*}
 * ({@link SpringRedisServer}). Offered when Lettuce is on the classpath. The condition names the
 * class rather than referring to it, so this class stays readable when Lettuce is absent.
 *
 * <p>A Redis that cannot be reached at startup fails startup, naming the server (never its
 * password): a warm tier configured but absent would leave every instance missing what the others
 * stored without a word. Once running, a Redis that goes away is a failing tier like any other.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.lettuce.core.RedisClient")
class RedisStoreConfiguration {

  @Bean
  StoreFactory daramjweeRedisStoreFactory(Environment environment,
      ObjectProvider<RedisConnectionDetailsReader> details) {
    return new StoreFactory(StoreBackend.REDIS, (group, tier, properties) -> Stores.build(group,
        properties, SpringRedisServer.address(environment, details.getIfAvailable())));
  }

  /** Kept apart so that this configuration class never links against Lettuce's classes. */
  static final class Stores {

    private Stores() {}

    static Store build(PropertyGroup group, DaramjweeProperties properties,
        RedisAddress server) {
      RedisStoreProperties redis = properties.getWarm().getRedis();
      group.feeds("keyPrefix", "key-prefix", redis.getKeyPrefix())
          .feeds("chunkSize", "chunk-size", redis.getChunkSize())
          .feeds("inlineThreshold", "inline-threshold", redis.getInlineThreshold())
          .feeds("commandTimeout", "command-timeout", redis.getCommandTimeout())
          .feeds("defaultTtl", "default-ttl", redis.getDefaultTtl())
          .feeds("maxTtl", "max-ttl", redis.getMaxTtl())
          .feeds("readerGrace", "reader-grace", redis.getReaderGrace())
          .feeds("stallHold", "stall-hold", redis.getStallHold())
          .feeds("nearCacheSize", "near-cache-size", redis.getNearCacheSize());
      try {
        return server(RedisStore.builder(), server)
            .keyPrefix(redis.getKeyPrefix())
            .chunkSize(Math.toIntExact(redis.getChunkSize().toBytes()))
            .inlineThreshold(Math.toIntExact(redis.getInlineThreshold().toBytes()))
            .commandTimeout(redis.getCommandTimeout())
            .defaultTtl(redis.getDefaultTtl())
            .maxTtl(redis.getMaxTtl())
            .readerGrace(redis.getReaderGrace())
            .stallHold(redis.getStallHold())
            .nearCacheSize(redis.getNearCacheSize().toBytes())
            .build();
      } catch (InvalidSettingException e) {
        if (e.setting().equals("uri") || e.setting().equals("clusterNodes")) { // not this group
          throw server.invalid(e.value(), e.getMessage());
        }
        throw group.invalid(e);
      } catch (ArithmeticException e) {
        throw group.invalid("chunk-size", redis.getChunkSize(), "too large, or inline-threshold"
            + " is (" + redis.getInlineThreshold() + ")");
      } catch (IllegalArgumentException e) {
        throw group.invalid(e);
      } catch (IOException e) {
        throw new UncheckedIOException("the warm tier cannot reach Redis (" + server.origin()
            + "): " + e.getMessage(), e);
      }
    }

    private static RedisStoreBuilder server(RedisStoreBuilder builder, RedisAddress server) {
      return server.topology() == RedisAddress.Topology.CLUSTER
          ? builder.clusterNodes(server.seedUris()) : builder.uri(server.uri());
    }
  }
}
