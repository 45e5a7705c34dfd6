package io.daramjwee.store.s3;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the one synchronous SDK client an {@link S3Store} uses for every call.
 *
 * <p>Not multipart-enabled: uploads are split by {@link S3StoreWriter}, and downloads are single
 * GETs (some S3-compatible servers refuse the per-part reads a multipart-enabled client makes).
 * The SDK's own request and response checksums are asked for only where S3 requires them: every
 * object carries CRC32C checksums of its head and body that the store verifies end to end, so
 * a second checksum would cost CPU on every byte and prove nothing more.
 *
 * <p>The HTTP client is whichever synchronous one the SDK finds (Apache 5 by default), built with
 * the store's timeouts; the S3 client owns it and closes it with itself. Stateless and
 * thread-safe.
 */
final class S3Clients {

  /** What the builder collected for the client; defaults as documented on the builder. */
  static final class Settings {
    String region;
    URI endpoint;
    boolean pathStyle;
    String accessKeyId;
    String secretAccessKey;
    Duration connectTimeout = Duration.ofSeconds(2);
    Duration readTimeout = Duration.ofSeconds(30);
    Duration apiCallTimeout;
    final List<ExecutionInterceptor> interceptors = new ArrayList<>();
  }

  /** The system property the SDK reads to choose among several HTTP clients on the classpath. */
  private static final String HTTP_SERVICE_PROPERTY = "software.amazon.awssdk.http.service.impl";

  private S3Clients() {}

  static S3Client create(Settings settings) {
    AttributeMap timeouts = AttributeMap.builder()
        .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, settings.connectTimeout)
        .put(SdkHttpConfigurationOption.READ_TIMEOUT, settings.readTimeout)
        .put(SdkHttpConfigurationOption.WRITE_TIMEOUT, settings.readTimeout)
        .build();
    SdkHttpService http = httpService();
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(defaults -> http.createHttpClientBuilder()
            .buildWithDefaults(timeouts.merge(defaults)))
        .forcePathStyle(settings.pathStyle)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> {
          if (settings.apiCallTimeout != null) {
            o.apiCallTimeout(settings.apiCallTimeout);
          }
          settings.interceptors.forEach(o::addExecutionInterceptor);
        });
    if (settings.region != null) {
      builder.region(Region.of(settings.region));
    }
    if (settings.endpoint != null) {
      builder.endpointOverride(settings.endpoint);
    }
    if (settings.accessKeyId != null) {
      builder.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKeyId, settings.secretAccessKey)));
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      if (settings.region == null) {
        throw new IllegalArgumentException("region is not set and the SDK's default region chain"
            + " found none: set region", e);
      }
      throw e;
    }
  }

  /** The synchronous HTTP client the SDK itself would pick. */
  private static SdkHttpService httpService() {
    String wanted = System.getProperty(HTTP_SERVICE_PROPERTY);
    SdkHttpService first = null;
    for (SdkHttpService service : ServiceLoader.load(SdkHttpService.class,
        S3Clients.class.getClassLoader())) {
      if (wanted == null || service.getClass().getName().equals(wanted)) {
        return service;
      }
      if (first == null) {
        first = service;
      }
    }
    if (first == null) {
      throw new IllegalStateException("no synchronous HTTP client for the AWS SDK on the"
          + " classpath: add software.amazon.awssdk:apache5-client");
    }
    return first;
  }
}
