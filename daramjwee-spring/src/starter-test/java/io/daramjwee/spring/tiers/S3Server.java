package io.daramjwee.spring.tiers;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server, s3proxy, running in this JVM and keeping objects in memory, with one
 * bucket; started the way daramjwee-servlet's S3 tests start it. Not thread-safe: one test class
 * drives it.
 */
final class S3Server implements AutoCloseable {

  static final String BUCKET = "daramjwee-starter-test";
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key";
  static final String REGION = "us-east-1";

  private final S3Proxy proxy;

  private S3Server(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Starts a server on a free port and creates {@link #BUCKET}. */
  static S3Server start() throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // Else requests carrying headers s3proxy does not know fail with 501.
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    await().atMost(Duration.ofSeconds(30)).pollInSameThread()
        .until(() -> "STARTED".equals(proxy.getState()));
    S3Server server = new S3Server(proxy);
    try (S3Client client = server.client()) {
      client.createBucket(b -> b.bucket(BUCKET));
    }
    return server;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The properties that point a cold S3 tier at this server. */
  String[] coldTierProperties() {
    return new String[] {
        "daramjwee.cold.type=s3",
        "daramjwee.cold.s3.bucket=" + BUCKET,
        "daramjwee.cold.s3.prefix=starter/",
        "daramjwee.cold.s3.region=" + REGION,
        "daramjwee.cold.s3.endpoint=" + endpoint(),
        "daramjwee.cold.s3.path-style=true",
        "daramjwee.cold.s3.access-key-id=" + ACCESS_KEY,
        "daramjwee.cold.s3.secret-access-key=" + SECRET_KEY};
  }

  /** A plain SDK client of this server, to look behind a store's back. */
  S3Client client() {
    return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
