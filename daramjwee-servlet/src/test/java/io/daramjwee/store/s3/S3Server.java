package io.daramjwee.store.s3;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server, s3proxy, running in this JVM, with one bucket. Over a directory it can be
 * stopped and started again on the same port, keeping what it stored (multipart uploads in
 * progress included), so tests can take the service away mid-call and bring it back. In memory it
 * cannot, but it stands concurrent replacement of one key, which the directory store of s3proxy
 * 4.1.0 does not (a completing upload reads the extended attributes of a file another completion
 * is replacing, and fails with an internal error).
 *
 * <p>Public for the scenarios of other packages ({@code io.daramjwee.reliability}). Not
 * thread-safe: one test drives it.
 */
public final class S3Server implements AutoCloseable {

  public static final String BUCKET = "daramjwee-test";
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key";
  static final String REGION = "us-east-1";

  private final BlobStore blobStore;
  private S3Proxy proxy;
  private int port;
  private S3Client raw;

  private S3Server(BlobStore blobStore) {
    this.blobStore = blobStore;
  }

  /** Starts a server on a free port over {@code directory} and creates {@link #BUCKET}. */
  public static S3Server start(Path directory) throws Exception {
    return start(new FilesystemNio2BlobStore(directory.toString()));
  }

  /** Starts a server on a free port that keeps objects in memory, and creates {@link #BUCKET}. */
  public static S3Server startInMemory() throws Exception {
    return start(new TransientNio2BlobStore());
  }

  private static S3Server start(BlobStore blobStore) throws Exception {
    S3Server server = new S3Server(blobStore);
    server.startOn(0);
    server.raw().createBucket(b -> b.bucket(BUCKET));
    return server;
  }

  /** Stops serving; connections in progress break. What was stored stays on disk. */
  public void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  /** Serves again on the port it had, with what it stored before. */
  public void restart() throws Exception {
    stop();
    startOn(port);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A store builder pointed at this server: endpoint, path style, region and credentials. */
  public S3Store.Builder storeBuilder() {
    return S3Store.builder().bucket(BUCKET).endpointOverride(endpoint()).pathStyleAccess(true)
        .region(REGION).credentials(ACCESS_KEY, SECRET_KEY);
  }

  /** A plain SDK client of this server, to look behind a store's back. */
  public S3Client raw() {
    if (raw == null) {
      raw = S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true)
          .region(Region.of(REGION))
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .build();
    }
    return raw;
  }

  @Override
  public void close() throws Exception {
    if (raw != null) {
      raw.close();
      raw = null;
    }
    stop();
  }

  private void startOn(int requestedPort) throws Exception {
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // Else requests carrying headers s3proxy does not know fail with 501.
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    await().atMost(Duration.ofSeconds(30)).pollInSameThread()
        .until(() -> "STARTED".equals(proxy.getState()));
    port = proxy.getPort();
  }
}
