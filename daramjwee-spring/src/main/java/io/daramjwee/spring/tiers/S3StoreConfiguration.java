package io.daramjwee.spring.tiers;

import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.S3StoreProperties;
import io.daramjwee.store.s3.S3Store;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The S3 store, from {@code daramjwee.cold.s3}, offered when the AWS SDK's S3 client is on the
 * classpath. The secret access key never appears in a failure: it is masked.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "software.amazon.awssdk.services.s3.S3Client")
class S3StoreConfiguration {

  @Bean
  StoreFactory daramjweeS3StoreFactory() {
    return new StoreFactory(StoreBackend.S3, Stores::build);
  }

  /** Kept apart so that this configuration class never links against the AWS SDK's classes. */
  static final class Stores {

    private Stores() {}

    static Store build(PropertyGroup group, String tier, DaramjweeProperties properties) {
      S3StoreProperties s3 = properties.getCold().getS3();
      if (!StringUtils.hasText(s3.getBucket())) {
        throw group.invalid("bucket", s3.getBucket(),
            "an S3 store needs the bucket holding its entries: set " + group.name("bucket"));
      }
      boolean keyId = s3.getAccessKeyId() != null;
      boolean secret = s3.getSecretAccessKey() != null;
      if (keyId != secret) {
        // Name the one missing; the value shown is the unset one, never the secret.
        String missing = keyId ? "secret-access-key" : "access-key-id";
        String given = keyId ? "access-key-id" : "secret-access-key";
        throw group.invalid(missing, null, "set it together with " + group.name(given)
            + ", or neither to use the AWS SDK's default credentials chain");
      }
      group.feeds("bucket", "bucket", s3.getBucket())
          .feeds("keyPrefix", "prefix", s3.getPrefix())
          .feeds("region", "region", s3.getRegion())
          .feeds("endpointOverride", "endpoint", s3.getEndpoint())
          .feeds("accessKeyId", "access-key-id", s3.getAccessKeyId())
          .feeds("secretAccessKey", "secret-access-key", PropertyGroup.MASKED);
      try {
        S3Store.Builder builder = S3Store.builder()
            .bucket(s3.getBucket())
            .keyPrefix(s3.getPrefix() != null ? s3.getPrefix() : "")
            .pathStyleAccess(s3.isPathStyle());
        if (s3.getRegion() != null) {
          builder.region(s3.getRegion());
        }
        if (s3.getEndpoint() != null) {
          builder.endpointOverride(s3.getEndpoint());
        }
        if (keyId) {
          builder.credentials(s3.getAccessKeyId(), s3.getSecretAccessKey());
        }
        return builder.build();
      } catch (IllegalArgumentException e) {
        throw group.invalid(e);
      }
    }
  }
}
