package io.daramjwee.store.s3;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import io.daramjwee.StoredEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The read side of an {@link S3Store}: parses and checks objects (see {@link ObjectFrame}) as
 * they arrive, and deletes those it finds damaged.
 *
 * <p>{@link #head} reads the first {@value #HEAD_READ} bytes with a ranged GET, enough for the
 * head of almost every entry, and the rest of a longer head with a second ranged GET conditional
 * on the first one's ETag, so that a replace between the two cannot splice two heads (it retries
 * instead). {@link #open} reads the object with a single GET: an object of up to
 * {@value #VERIFY_WHOLE_MAX} bytes is read and verified whole, so a damaged one is a clean miss;
 * a larger one streams through a {@link VerifiedObjectStream}.
 *
 * <p>Thread-safe and stateless beyond the bucket.
 */
final class ObjectReader {

  private static final Logger log = LoggerFactory.getLogger(ObjectReader.class);

  /** How much of an object {@link #head} reads first: the head of almost every entry. */
  static final int HEAD_READ = 4 * 1024;
  /** Objects up to this length are read whole and verified before {@link #open} returns. */
  static final int VERIFY_WHOLE_MAX = 256 * 1024;
  /** Attempts {@link #head} makes when the object is replaced between its two ranged reads. */
  private static final int HEAD_ATTEMPTS = 3;

  private final Bucket bucket;

  ObjectReader(Bucket bucket) {
    this.bucket = bucket;
  }

  /**
   * Opens the entry with one GET, or returns {@code null} when the object is absent, holds
   * another key, or its head (or, for a small object, its body) is damaged, and then deleted.
   */
  StoredEntry open(String key, byte[] utf8, String objectKey) throws IOException {
    ResponseInputStream<GetObjectResponse> in = bucket.get(objectKey, key);
    if (in == null) {
      return null;
    }
    boolean handedOver = false;
    boolean drained = false;
    try {
      long length = in.response().contentLength();
      if (length <= VERIFY_WHOLE_MAX) {
        byte[] object = read(in, (int) length, objectKey, key);
        drained = true;
        return whole(object, utf8, objectKey, key);
      }
      byte[] prefix = read(in, ObjectFrame.PREFIX_LENGTH, objectKey, key);
      int headLength = ObjectFrame.headLength(prefix, length);
      byte[] head = Arrays.copyOf(prefix, headLength);
      byte[] rest = read(in, headLength - prefix.length, objectKey, key);
      System.arraycopy(rest, 0, head, prefix.length, rest.length);
      ObjectFrame.Head decoded = ObjectFrame.decodeHead(head, headLength);
      if (!Arrays.equals(decoded.key(), utf8)) {
        return null; // a hash collision: the object is another key's, valid, and stays
      }
      long bodyLength = length - headLength - ObjectFrame.TRAILER_LENGTH;
      StoredEntry entry = new StoredEntry(decoded.metadata(), new VerifiedObjectStream(in,
          bodyLength, () -> discard(key, objectKey, "body checksum mismatch at the end of its"
          + " stream"), e -> bucket.failure("GET", objectKey, key, e)));
      handedOver = true;
      return entry;
    } catch (CorruptEntryException e) {
      discard(key, objectKey, e.getMessage());
      return null;
    } finally {
      if (!handedOver) {
        if (drained) {
          close(in, objectKey, key);
        } else {
          in.abort();
        }
      }
    }
  }

  /**
   * Reads the entry's metadata from its head alone, or returns {@code null} as {@link #open}
   * does.
   */
  Metadata head(String key, byte[] utf8, String objectKey) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Bucket.Range first = bucket.getRange(objectKey, key, 0, HEAD_READ, null);
      if (first == null) {
        return null;
      }
      try {
        int headLength = ObjectFrame.headLength(first.bytes(), first.objectLength());
        byte[] head = first.bytes();
        if (head.length < headLength) {
          // The second read must come from the same object, or it would splice two heads.
          Bucket.Range rest = bucket.getRange(objectKey, key, head.length,
              headLength - head.length, first.eTag());
          if (rest == null) {
            return null;
          }
          if (rest == Bucket.Range.CHANGED && attempt < HEAD_ATTEMPTS) {
            continue;
          }
          if (rest == Bucket.Range.CHANGED || rest.bytes().length < headLength - head.length) {
            throw new IOException("S3 object s3://" + bucket.name() + "/" + objectKey + " (key "
                + Bucket.describe(key) + ") kept changing while its head was read");
          }
          head = Arrays.copyOf(head, headLength);
          System.arraycopy(rest.bytes(), 0, head, first.bytes().length, rest.bytes().length);
        }
        ObjectFrame.Head decoded = ObjectFrame.decodeHead(head, headLength);
        return Arrays.equals(decoded.key(), utf8) ? decoded.metadata() : null;
      } catch (CorruptEntryException e) {
        discard(key, objectKey, e.getMessage());
        return null;
      }
    }
  }

  /** A whole small object, checked, as an entry over its body; {@code null} if another key's. */
  private static StoredEntry whole(byte[] object, byte[] utf8, String objectKey, String key)
      throws CorruptEntryException {
    int headLength = ObjectFrame.headLength(object, object.length);
    ObjectFrame.Head head = ObjectFrame.decodeHead(object, headLength);
    if (!Arrays.equals(head.key(), utf8)) {
      return null;
    }
    int bodyLength = object.length - headLength - ObjectFrame.TRAILER_LENGTH;
    int expected = ObjectFrame.bodyCrc(object, headLength + bodyLength, bodyLength);
    CRC32C crc = new CRC32C();
    crc.update(object, headLength, bodyLength);
    if ((int) crc.getValue() != expected) {
      throw new CorruptEntryException("body checksum mismatch");
    }
    return new StoredEntry(head.metadata(),
        new ByteArrayInputStream(object, headLength, bodyLength));
  }

  /** Exactly {@code n} bytes of the response; a shorter one is a broken transfer. */
  private byte[] read(ResponseInputStream<?> in, int n, String objectKey, String key)
      throws IOException {
    byte[] bytes;
    try {
      bytes = in.readNBytes(n);
    } catch (IOException | SdkException e) {
      throw bucket.failure("GET", objectKey, key, e);
    }
    if (bytes.length < n) {
      throw bucket.failure("GET", objectKey, key,
          new IOException("the response ended before its Content-Length"));
    }
    return bytes;
  }

  private void close(ResponseInputStream<?> in, String objectKey, String key) throws IOException {
    try {
      in.close();
    } catch (IOException | SdkException e) {
      throw bucket.failure("GET", objectKey, key, e);
    }
  }

  /** Removes a damaged object. Never throws: a failure is logged, and the next read retries. */
  private void discard(String key, String objectKey, String reason) {
    log.warn("removing damaged entry key={} tier=s3 object=s3://{}/{}: {}", Bucket.describe(key),
        bucket.name(), objectKey, reason);
    try {
      bucket.delete(objectKey, key);
    } catch (IOException e) {
      log.warn("cannot delete damaged entry key={} tier=s3; it reads as absent until deleted",
          Bucket.describe(key), e);
    }
  }
}
