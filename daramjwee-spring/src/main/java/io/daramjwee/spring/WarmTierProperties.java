package io.daramjwee.spring;

import io.daramjwee.spring.DaramjweeProperties.WarmType;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The warm tier: shared by every instance of the application, between the hot and the cold tier.
 * Bound from {@code daramjwee.warm} as part of {@link DaramjweeProperties}; mutable for the binder,
 * and only read once bound.
 */
public class WarmTierProperties {

  /** The warm tier's store. */
  private WarmType type = WarmType.NONE;

  /**
   * The largest response body the warm tier stores; a larger one goes to the cold tier. Unset: no
   * limit, as the Redis store cannot see how much memory the server has.
   */
  private DataSize maxEntrySize;

  /** The Redis store, when the type is redis; the server is Spring Boot's spring.data.redis.*. */
  @NestedConfigurationProperty
  private final RedisStoreProperties redis = new RedisStoreProperties();

  public WarmType getType() {
    return type;
  }

  public void setType(WarmType type) {
    this.type = type;
  }

  public DataSize getMaxEntrySize() {
    return maxEntrySize;
  }

  public void setMaxEntrySize(DataSize maxEntrySize) {
    this.maxEntrySize = maxEntrySize;
  }

  public RedisStoreProperties getRedis() {
    return redis;
  }
}
