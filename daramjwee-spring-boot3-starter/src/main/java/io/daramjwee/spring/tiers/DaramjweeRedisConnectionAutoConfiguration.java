package io.daramjwee.spring.tiers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Points the warm tier and cluster mode at the Redis server of the application's
 * {@link RedisConnectionDetails} bean when it has one, as Spring Boot 3.5 points its own Redis
 * connections: a Testcontainers {@code @ServiceConnection}, a Docker Compose service, or the
 * application's own bean then wins over {@code spring.data.redis.*}. The type is part of Boot
 * 3.5's {@code spring-boot-autoconfigure}, so this is always offered; the condition names it all
 * the same, as the Boot 4 starter's does. To point daramjwee elsewhere, define the
 * connection-details bean; there is nothing here to replace.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails")
@ConditionalOnProperty(prefix = "daramjwee", name = "enabled", matchIfMissing = true)
public class DaramjweeRedisConnectionAutoConfiguration {

  @Bean
  RedisConnectionDetailsReader daramjweeRedisConnectionDetailsReader(
      ObjectProvider<RedisConnectionDetails> details) {
    return new BootRedisConnectionDetails(details);
  }
}
