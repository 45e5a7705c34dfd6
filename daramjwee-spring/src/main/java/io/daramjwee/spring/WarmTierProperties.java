package io.daramjwee.spring;

import io.daramjwee.spring.DaramjweeProperties.WarmType;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The warm tier: shared by every instance of the application, between the hot and the cold tier.
 * Bound from {@code daramjwee.warm} as part of {@link DaramjweeProperties}; mutable for the binder,
 * and only read once bound.
 */
public class WarmTierProperties {

  /** The warm tier's store. */
  private WarmType type = WarmType.NONE;

  /** The Redis store, when the type is redis; the server is Spring Boot's spring.data.redis.*. */
  @NestedConfigurationProperty
  private final RedisStoreProperties redis = new RedisStoreProperties();

  public WarmType getType() {
    return type;
  }

  public void setType(WarmType type) {
    this.type = type;
  }

  public RedisStoreProperties getRedis() {
    return redis;
  }
}
