package io.daramjwee.spring.tiers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Points the warm tier and cluster mode at the Redis server of the application's
 * {@link DataRedisConnectionDetails} bean when it has one, as Spring Boot 4 points its own Redis
 * connections: a Testcontainers {@code @ServiceConnection}, a Docker Compose service, or the
 * application's own bean then wins over {@code spring.data.redis.*}. Offered when
 * {@code spring-boot-data-redis} is on the classpath (the condition names the type rather than
 * referring to it, so this class is never loaded without it); without it the starter reads
 * {@code spring.data.redis.*} alone. To point daramjwee elsewhere, define the connection-details
 * bean; there is nothing here to replace.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
@ConditionalOnProperty(prefix = "daramjwee", name = "enabled", matchIfMissing = true)
public class DaramjweeRedisConnectionAutoConfiguration {

  @Bean
  RedisConnectionDetailsReader daramjweeRedisConnectionDetailsReader(
      ObjectProvider<DataRedisConnectionDetails> details) {
    return new BootRedisConnectionDetails(details);
  }
}
