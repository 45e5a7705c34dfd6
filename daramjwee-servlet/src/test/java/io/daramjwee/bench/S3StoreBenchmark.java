package io.daramjwee.bench;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.s3.S3Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3Store#getStream} of a 64 MiB entry (a ranged GET of the first 256 KiB, then one of the
 * rest on the first read; head parsed, body CRC32C verified while streaming, drained into a
 * reused 64 KiB buffer) beside its ceiling: a raw SDK GetObject of the
 * store's same object on the same in-process s3proxy, drained the same way. The raw client, as
 * the store's, skips the SDK's response checksum, so the difference is the store's own work.
 * MB/s = 64 MiB / the time per operation.
 *
 * <pre>
 * ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec -Dbench.args="S3StoreBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class S3StoreBenchmark {

  private static final int SIZE = 64 << 20;
  private static final String BUCKET = "bench";
  private static final String ACCESS = "bench-access";
  private static final String SECRET = "bench-secret";

  private Path root;
  private S3Proxy proxy;
  private S3Store store;
  private S3Client raw;
  private String objectKey;
  private final byte[] buffer = new byte[64 * 1024];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    root = Files.createTempDirectory("s3-store-bench");
    proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(root.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
        .ignoreUnknownHeaders(true).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.onSpinWait(); // setup only; JMH has no latch to offer here
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    raw = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS, SECRET)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    raw.createBucket(b -> b.bucket(BUCKET));
    store = S3Store.builder().bucket(BUCKET).endpointOverride(endpoint).pathStyleAccess(true)
        .region("us-east-1").credentials(ACCESS, SECRET).build();
    byte[] body = new byte[SIZE];
    new Random(42).nextBytes(body);
    try (StoreWriter writer = store.setWithWriter("hot", Metadata.ofTag("v1"))) {
      writer.write(body);
      writer.commit();
    }
    objectKey = raw.listObjectsV2(b -> b.bucket(BUCKET)).contents().get(0).key();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    raw.close();
    proxy.stop();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public long storeGet() throws IOException {
    try (StoredEntry entry = store.getStream("hot")) {
      return drain(entry.body());
    }
  }

  /** The same object's bytes (frame included) through the SDK alone. */
  @Benchmark
  public long rawGetObject() throws IOException {
    try (InputStream in = raw.getObject(b -> b.bucket(BUCKET).key(objectKey))) {
      return drain(in);
    }
  }

  private long drain(InputStream in) throws IOException {
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
    }
    return total;
  }
}
