package io.daramjwee.spring.tiers;

import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeTiers;
import java.util.Locale;

/**
 * The table of store backends, by the type name {@code daramjwee.hot.type},
 * {@code daramjwee.warm.type} and {@code daramjwee.cold.type} spell: which of them needs a library the application may have left
 * out, and what to add then. Each backend's configuration contributes a {@link StoreFactory} only
 * when its library is present, so a missing factory means a missing library.
 */
enum StoreBackend {

  EHCACHE("Ehcache is not on the classpath: add org.ehcache:ehcache (classifier jakarta)"),
  MEMORY(null),
  FILE(null),
  S3("the AWS SDK's S3 client is not on the classpath: add software.amazon.awssdk:s3"),
  REDIS("Lettuce is not on the classpath: add io.lettuce:lettuce-core (or"
      + " spring-boot-starter-data-redis)");

  private final String absent;

  StoreBackend(String absent) {
    this.absent = absent;
  }

  /** The name the properties use, and {@link DaramjweeTiers.Tier#type()} reports. */
  String type() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Why there is no factory for this backend, saying which dependency to add. */
  String absentReason() {
    return absent != null ? absent : "no " + type() + " store factory is configured";
  }

  static StoreBackend of(DaramjweeProperties.HotType type) {
    return switch (type) {
      case EHCACHE -> EHCACHE;
      case MEMORY -> MEMORY;
      case FILE -> FILE;
      case AUTO, NONE -> throw new IllegalArgumentException("not one backend: " + type);
    };
  }

  static StoreBackend of(DaramjweeProperties.WarmType type) {
    return switch (type) {
      case REDIS -> REDIS;
      case NONE -> throw new IllegalArgumentException("not one backend: " + type);
    };
  }

  static StoreBackend of(DaramjweeProperties.ColdType type) {
    return switch (type) {
      case S3 -> S3;
      case FILE -> FILE;
      case NONE -> throw new IllegalArgumentException("not one backend: " + type);
    };
  }
}
