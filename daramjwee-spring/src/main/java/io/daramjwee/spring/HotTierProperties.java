package io.daramjwee.spring;

import io.daramjwee.spring.DaramjweeProperties.HotType;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The hot tier. Bound from {@code daramjwee.hot} as part of {@link DaramjweeProperties}; mutable
 * for the binder, and only read once bound.
 */
public class HotTierProperties {

  /** The hot tier's store. */
  private HotType type = HotType.AUTO;

  /**
   * The largest response body the hot tier stores; a larger one goes straight to the first lower
   * tier that admits it. Unset: an eighth of the store's capacity (the largest Ehcache pool) when
   * a lower tier follows, its whole capacity when none does.
   */
  private DataSize maxEntrySize;

  /** The Ehcache store, when the type is ehcache (or auto with Ehcache present). */
  @NestedConfigurationProperty
  private final EhcacheStoreProperties ehcache = new EhcacheStoreProperties();

  /** The memory store, when the type is memory (or auto without Ehcache). */
  @NestedConfigurationProperty
  private final MemoryStoreProperties memory = new MemoryStoreProperties();

  /** The file store, when the type is file. */
  @NestedConfigurationProperty
  private final FileStoreProperties file = new FileStoreProperties();

  public HotType getType() {
    return type;
  }

  public void setType(HotType type) {
    this.type = type;
  }

  public DataSize getMaxEntrySize() {
    return maxEntrySize;
  }

  public void setMaxEntrySize(DataSize maxEntrySize) {
    this.maxEntrySize = maxEntrySize;
  }

  public EhcacheStoreProperties getEhcache() {
    return ehcache;
  }

  public MemoryStoreProperties getMemory() {
    return memory;
  }

  public FileStoreProperties getFile() {
    return file;
  }
}
