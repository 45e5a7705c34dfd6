package io.daramjwee.spring;

import io.daramjwee.spring.DaramjweeProperties.ColdType;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The cold tier. Bound from {@code daramjwee.cold} as part of {@link DaramjweeProperties}; mutable
 * for the binder, and only read once bound.
 */
public class ColdTierProperties {

  /** The cold tier's store. */
  private ColdType type = ColdType.NONE;

  /**
   * The largest response body the cold tier stores; a larger one is served but not stored.
   * Unset: the file store's whole capacity, no limit for S3.
   */
  private DataSize maxEntrySize;

  /** The S3 store, when the type is s3. */
  @NestedConfigurationProperty
  private final S3StoreProperties s3 = new S3StoreProperties();

  /** The file store, when the type is file. */
  @NestedConfigurationProperty
  private final FileStoreProperties file = new FileStoreProperties();

  public ColdType getType() {
    return type;
  }

  public void setType(ColdType type) {
    this.type = type;
  }

  public DataSize getMaxEntrySize() {
    return maxEntrySize;
  }

  public void setMaxEntrySize(DataSize maxEntrySize) {
    this.maxEntrySize = maxEntrySize;
  }

  public S3StoreProperties getS3() {
    return s3;
  }

  public FileStoreProperties getFile() {
    return file;
  }
}
