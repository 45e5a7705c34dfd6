package io.daramjwee.store.s3;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.internal.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A store in an S3 bucket (or an S3-compatible service), one object per entry holding the key,
 * the metadata, the body and checksums ({@link ObjectFrame} draws the format). An object is named
 * by the key prefix and the hex SHA-256 of the key, so any key of any length and alphabet maps to
 * a short, S3-safe name; the key itself is kept in the object and checked on every read.
 *
 * <pre>{@code
 * Store cold = S3Store.builder()
 *     .bucket("my-cache")
 *     .keyPrefix("responses/")
 *     .region("eu-west-1")
 *     .build();
 * }</pre>
 *
 * <p>A write becomes visible whole when its {@link StoreWriter#commit()} returns: small entries
 * go up in one PutObject, larger ones in a multipart upload that is completed at commit, or
 * aborted by {@link StoreWriter#abort()} or a failure ({@link S3StoreWriter}).
 *
 * <p>Every read checks the object: {@link #stat} reads only the head, with a ranged GET of its
 * first {@value ObjectReader#HEAD_READ} bytes (a second one if the head is longer);
 * {@link #getStream} reads the first {@value ObjectReader#FIRST_READ} bytes with a ranged GET, all
 * of a small object, whose body it verifies before it returns. The body of a larger one is
 * verified as it streams, the rest of the object fetched by its first read, and the read that
 * would complete it fails with {@link io.daramjwee.CorruptEntryException} if it is damaged; or
 * the body stream opens just a range of it ({@link io.daramjwee.RangeReadable}), fetching only
 * that part, unchecked against the body's checksum. A damaged head reads as absent; either way
 * the damaged object is deleted. A key whose hash matches another's (a SHA-256 collision) reads as
 * absent.
 *
 * <p>A reader's later GETs ask for the version of the object its first GET found (If-Match on
 * its ETag), so a reader never mixes the bytes of two versions: once it began reading the body it
 * keeps its bytes when the key is replaced or deleted, and a replace or delete between
 * {@code getStream} and the first read (or range) of a body beyond the first read's bytes fails
 * that read with an {@link IOException}.
 *
 * <p>Every S3 failure is an {@link IOException} naming the bucket, the object and the key, never a
 * credential. With the service unreachable, calls fail within the configured connect and read
 * timeouts (and the SDK's few retries).
 *
 * <p>Thread-safe: any number of threads may read, write and delete concurrently; the store holds
 * no lock and S3 orders the writes. After {@link #close()} every method throws
 * {@link IllegalStateException}, commits of writers still open fail, and no SDK thread remains.
 */
public final class S3Store implements Store {

  private final Bucket bucket;
  private final ObjectReader reader;
  private final String keyPrefix;
  private final long singlePutThreshold;
  private final int partSize;
  private volatile boolean closed;

  S3Store(Bucket bucket, String keyPrefix, long singlePutThreshold, int partSize) {
    this.bucket = bucket;
    this.reader = new ObjectReader(bucket);
    this.keyPrefix = keyPrefix;
    this.singlePutThreshold = singlePutThreshold;
    this.partSize = partSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public StoredEntry getStream(String key) throws IOException {
    byte[] utf8 = utf8(key);
    ensureOpen();
    return reader.open(key, utf8, objectKey(utf8));
  }

  @Override
  public Metadata stat(String key) throws IOException {
    byte[] utf8 = utf8(key);
    ensureOpen();
    return reader.head(key, utf8, objectKey(utf8));
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    byte[] utf8 = utf8(key);
    Objects.requireNonNull(metadata, "metadata");
    ensureOpen();
    byte[] head = ObjectFrame.head(utf8, metadata.encode());
    if (head.length > ObjectFrame.MAX_HEAD_LENGTH) {
      throw new IOException("key " + Bucket.describe(key) + " and its metadata take "
          + head.length + " bytes, more than the " + ObjectFrame.MAX_HEAD_LENGTH
          + " an S3Store object head may hold");
    }
    return new S3StoreWriter(this, bucket, key, utf8, objectKey(utf8), head,
        singlePutThreshold, partSize);
  }

  /** Removes {@code key}; S3 deletes are idempotent and never wait for an upload in progress. */
  @Override
  public void delete(String key) throws IOException {
    byte[] utf8 = utf8(key);
    ensureOpen();
    bucket.delete(objectKey(utf8), key);
  }

  /**
   * Aborts the multipart uploads of writers still open, and closes the SDK client with its
   * connections and threads; entries already opened fail their next read. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      bucket.close();
    }
  }

  @Override
  public String toString() {
    return "S3Store{bucket=" + bucket.name() + ", keyPrefix='" + keyPrefix
        + "', singlePutThreshold=" + singlePutThreshold + ", partSize=" + partSize + "}";
  }

  /** The name of the object that holds {@code key}: the prefix and the key's hex SHA-256. */
  String objectKey(String key) {
    return objectKey(utf8(key));
  }

  /** Fails the commit of a writer whose store was closed meanwhile; nothing is published. */
  void ensureOpenForCommit(String key) throws IOException {
    if (closed) {
      throw new IOException(this + " is closed; nothing of key " + Bucket.describe(key)
          + " was published");
    }
  }

  private String objectKey(byte[] utf8) {
    return keyPrefix + Sha256.hex(utf8);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static byte[] utf8(String key) {
    return Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Configures an {@link S3Store}. Each setter checks its value at once and names the setting in
   * its {@link InvalidSettingException}. Not thread-safe.
   */
  public static final class Builder {
    static final long MiB = 1L << 20;
    /** S3's smallest part but the last. */
    static final int MIN_PART_SIZE = 5 * (int) MiB;
    /** Bounds the memory one writer may hold. */
    static final int MAX_BUFFER = 256 * (int) MiB;
    /** S3 keys are at most 1,024 bytes; the hash takes 64. */
    static final int MAX_PREFIX_BYTES = 1024 - 64;
    private static final java.util.regex.Pattern BUCKET =
        java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    final S3Clients.Settings settings = new S3Clients.Settings();
    private String bucket;
    private String keyPrefix = "";
    private long singlePutThreshold = 8 * MiB;
    private int partSize = 8 * (int) MiB;

    private Builder() {}

    /** The bucket holding the entries; required. It must exist: the store never creates it. */
    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (!BUCKET.matcher(bucket).matches()) {
        throw new InvalidSettingException("bucket", bucket, "bucket must be 3 to 63 lowercase"
            + " letters, digits, dots or hyphens, starting and ending with a letter or digit: '"
            + bucket + "'");
      }
      this.bucket = bucket;
      return this;
    }

    /**
     * Prepended to every object name, so several stores can share a bucket; default empty. Ending
     * it with {@code /} groups the objects like a folder in S3 consoles.
     */
    public Builder keyPrefix(String keyPrefix) {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      int bytes = keyPrefix.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_PREFIX_BYTES) {
        throw new InvalidSettingException("keyPrefix", keyPrefix, "keyPrefix must be at most "
            + MAX_PREFIX_BYTES + " bytes of UTF-8 (S3 keys hold 1,024, the hash takes 64): "
            + bytes);
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** The AWS region, such as {@code eu-west-1}; default from the SDK's region provider chain. */
    public Builder region(String region) {
      settings.region = requireText("region", region);
      return this;
    }

    /**
     * The service's URI, for S3-compatible services (MinIO, Ceph, s3proxy) or a VPC endpoint;
     * default the AWS endpoint of the region.
     */
    public Builder endpointOverride(java.net.URI endpoint) {
      Objects.requireNonNull(endpoint, "endpointOverride");
      if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
          || endpoint.getHost() == null) {
        throw new InvalidSettingException("endpointOverride", endpoint,
            "endpointOverride must be an http or https URI with a host: " + endpoint);
      }
      settings.endpoint = endpoint;
      return this;
    }

    /**
     * Address the bucket in the path ({@code host/bucket/key}) rather than the host name; default
     * {@code false}. Most S3-compatible services need it.
     */
    public Builder pathStyleAccess(boolean pathStyleAccess) {
      settings.pathStyle = pathStyleAccess;
      return this;
    }

    /**
     * Static credentials; default the SDK's default credentials provider chain (environment,
     * profile, container or instance role). Neither value is ever logged or put in a message.
     */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      settings.accessKeyId = requireText("accessKeyId", accessKeyId);
      if (secretAccessKey == null || secretAccessKey.isBlank()) {
        // The value stays out of the exception too: it might be a secret with a stray space.
        throw new InvalidSettingException("secretAccessKey", null,
            "secretAccessKey must not be blank");
      }
      settings.secretAccessKey = secretAccessKey;
      return this;
    }

    /** How long to wait for a connection to the service; default 2 seconds. */
    public Builder connectTimeout(java.time.Duration timeout) {
      settings.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * How long a read or write on a connection may wait for the service before the call fails;
     * default 30 seconds. Bounds a stalled body stream too.
     */
    public Builder readTimeout(java.time.Duration timeout) {
      settings.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /**
     * How long one API call may take in all, retries included, up to the response's headers (a
     * GET's body streams outside it); default none. Keep it above the time one part takes to
     * upload.
     */
    public Builder apiCallTimeout(java.time.Duration timeout) {
      settings.apiCallTimeout = positive("apiCallTimeout", timeout);
      return this;
    }

    /**
     * Objects (body plus a head of key and metadata, and 16 bytes) up to this many bytes are
     * uploaded with a single PutObject at commit; larger ones by multipart upload. Default 8 MiB;
     * at most 256 MiB, as a writer holds that much in memory.
     */
    public Builder singlePutThreshold(long bytes) {
      if (bytes < 0 || bytes > MAX_BUFFER) {
        throw new InvalidSettingException("singlePutThreshold", bytes,
            "singlePutThreshold must be between 0 and " + MAX_BUFFER + " bytes: " + bytes);
      }
      this.singlePutThreshold = bytes;
      return this;
    }

    /**
     * The size of each multipart upload part but the last; default 8 MiB. S3 needs at least 5 MiB
     * and takes at most 10,000 parts, so this also bounds an entry at 10,000 times this size.
     */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > MAX_BUFFER) {
        throw new InvalidSettingException("partSize", bytes, "partSize must be between "
            + MIN_PART_SIZE + " and " + MAX_BUFFER + " bytes: " + bytes);
      }
      this.partSize = (int) bytes;
      return this;
    }

    /** Lets tests observe every SDK call the store makes. */
    Builder interceptor(software.amazon.awssdk.core.interceptor.ExecutionInterceptor interceptor) {
      settings.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Builds the store and its SDK client. Does not contact the service.
     *
     * @throws InvalidSettingException when the bucket is missing, or no region is set and the
     *     SDK's region chain finds none
     */
    public S3Store build() {
      if (bucket == null) {
        throw new InvalidSettingException("bucket", null,
            "bucket is required: set the bucket holding entries");
      }
      return new S3Store(openBucket(), keyPrefix, singlePutThreshold, partSize);
    }

    /** The bucket and its client; without a region set here, a failed region lookup is that. */
    private Bucket openBucket() {
      try {
        return new Bucket(S3Clients.create(settings), bucket);
      } catch (IllegalArgumentException e) {
        if (settings.region != null) {
          throw e;
        }
        throw new InvalidSettingException("region", null, e.getMessage(), e);
      }
    }

    private static String requireText(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new InvalidSettingException(name, value, name + " must not be blank: "
            + (value == null ? "null" : "'" + value + "'"));
      }
      return value;
    }

    private static java.time.Duration positive(String name, java.time.Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new InvalidSettingException(name, value, name + " must be positive: " + value);
      }
      return value;
    }
  }
}
