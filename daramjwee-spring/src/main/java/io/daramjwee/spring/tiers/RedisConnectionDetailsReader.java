package io.daramjwee.spring.tiers;

/**
 * Reads the application's Spring Boot Redis connection-details bean, which Testcontainers'
 * {@code @ServiceConnection}, Docker Compose and the application itself provide, and whose type
 * differs between Boot generations ({@code RedisConnectionDetails} in Boot 3.5,
 * {@code DataRedisConnectionDetails} in Boot 4): each starter offers one reader, for its
 * generation, when that type is on the classpath. {@link SpringRedisServer#address} asks it
 * first, as Spring Boot does, and reads {@code spring.data.redis.*} when it answers null.
 *
 * <p>Implementations are thread-safe and look the bean up on each call.
 */
@FunctionalInterface
interface RedisConnectionDetailsReader {

  /**
   * The server the connection-details bean describes, or null when the application has none, or
   * has only Spring Boot's own made from {@code spring.data.redis.*} (those properties are then
   * read directly, which keeps a {@code rediss://} url's TLS and names the property a failure
   * comes from).
   *
   * @throws IllegalStateException when the bean describes what the connections cannot use (an
   *     SSL bundle of its own, a static master/replica set), naming the bean
   */
  RedisAddress read();
}
