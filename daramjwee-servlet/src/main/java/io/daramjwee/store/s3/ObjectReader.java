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

/**
 * The read side of an {@link S3Store}: parses and checks objects (see {@link ObjectFrame}) as
 * they arrive, and deletes those it finds damaged.
 *
 * <p>Both reads begin with a ranged GET of the object's first bytes: {@value #HEAD_READ} for
 * {@link #head}, enough for the head of almost every entry, and {@value #FIRST_READ} for
 * {@link #open}, which also holds the whole of a small object. The rest of a longer head comes
 * with a second ranged GET conditional on the first one's ETag, so that a replace between the two
 * cannot splice two heads (it retries instead). {@link #open} verifies an object of up to
 * {@value #FIRST_READ} bytes whole before it returns, so a damaged one is a clean miss, after one
 * GET; a larger one is served by a {@link VerifiedObjectStream}, which fetches the rest of the
 * object only on its first read, or just a part of it when asked for a range.
 *
 * <p>Thread-safe and stateless beyond the bucket.
 */
final class ObjectReader {

  private static final Logger log = LoggerFactory.getLogger(ObjectReader.class);

  /** How much of an object {@link #head} reads first: the head of almost every entry. */
  static final int HEAD_READ = 4 * 1024;
  /**
   * How much of an object {@link #open} reads first: the head and the start of the body, all of
   * an object up to this length, which is then verified before {@link #open} returns.
   */
  static final int FIRST_READ = 256 * 1024;
  /** Attempts a read makes when the object is replaced between its two ranged reads of a head. */
  private static final int HEAD_ATTEMPTS = 3;

  private final Bucket bucket;

  ObjectReader(Bucket bucket) {
    this.bucket = bucket;
  }

  /**
   * Opens the entry, or returns {@code null} when the object is absent, holds another key, or
   * its head (or, for a small object, its body) is damaged, and then deleted. Reads the object's
   * first {@value #FIRST_READ} bytes (and the rest of a longer head); the rest of a larger object
   * waits for the body's first read or range.
   */
  StoredEntry open(String key, byte[] utf8, String objectKey) throws IOException {
    try {
      Frame frame = readHead(key, objectKey, FIRST_READ);
      if (frame == null) {
        return null;
      }
      if (frame.bytes().length == frame.objectLength()) {
        return whole(frame.bytes(), utf8, objectKey, key);
      }
      ObjectFrame.Head decoded = ObjectFrame.decodeHead(frame.bytes(), frame.headLength());
      if (!Arrays.equals(decoded.key(), utf8)) {
        return null; // a hash collision: the object is another key's, valid, and stays
      }
      OpenedObject object = new OpenedObject(bucket, objectKey, key, frame.objectLength(),
          frame.eTag());
      return new StoredEntry(decoded.metadata(), new VerifiedObjectStream(object, frame.bytes(),
          frame.headLength(), () -> discard(key, objectKey, "body checksum mismatch at the end"
          + " of its stream")));
    } catch (CorruptEntryException e) {
      discard(key, objectKey, e.getMessage());
      return null;
    }
  }

  /**
   * Reads the entry's metadata from its head alone, or returns {@code null} as {@link #open}
   * does.
   */
  Metadata head(String key, byte[] utf8, String objectKey) throws IOException {
    try {
      Frame frame = readHead(key, objectKey, HEAD_READ);
      if (frame == null) {
        return null;
      }
      ObjectFrame.Head decoded = ObjectFrame.decodeHead(frame.bytes(), frame.headLength());
      return Arrays.equals(decoded.key(), utf8) ? decoded.metadata() : null;
    } catch (CorruptEntryException e) {
      discard(key, objectKey, e.getMessage());
      return null;
    }
  }

  /**
   * The object's first {@code firstRead} bytes, or its head if that is longer, all of one
   * version; {@code null} when there is no object.
   *
   * @throws CorruptEntryException when the head's lengths do not fit the object
   */
  private Frame readHead(String key, String objectKey, int firstRead)
      throws IOException, CorruptEntryException {
    for (int attempt = 1; ; attempt++) {
      Bucket.Range first = bucket.getRange(objectKey, key, 0, firstRead, null);
      if (first == null) {
        return null;
      }
      byte[] bytes = first.bytes();
      int headLength = ObjectFrame.headLength(bytes, first.objectLength());
      if (bytes.length < headLength) {
        // The second read must come from the same object, or it would splice two heads.
        Bucket.Range rest = bucket.getRange(objectKey, key, bytes.length,
            headLength - bytes.length, first.eTag());
        if (rest == null) {
          return null;
        }
        if (rest == Bucket.Range.CHANGED && attempt < HEAD_ATTEMPTS) {
          continue;
        }
        if (rest == Bucket.Range.CHANGED || rest.bytes().length < headLength - bytes.length) {
          throw new IOException("S3 object s3://" + bucket.name() + "/" + objectKey + " (key "
              + Bucket.describe(key) + ") kept changing while its head was read");
        }
        bytes = Arrays.copyOf(bytes, headLength);
        System.arraycopy(rest.bytes(), 0, bytes, first.bytes().length, rest.bytes().length);
      }
      return new Frame(bytes, headLength, first.objectLength(), first.eTag());
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

  /**
   * The first bytes of one version of an object, at least its head.
   *
   * @param bytes the object's bytes from offset 0; all of it when as long as the object
   */
  private record Frame(byte[] bytes, int headLength, long objectLength, String eTag) {}

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
