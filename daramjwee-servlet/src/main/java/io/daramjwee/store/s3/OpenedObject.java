package io.daramjwee.store.s3;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one version of an object a reader opened: its name, its length and its ETag, as the first
 * GET's response gave them. Every later GET of the reader asks for that version alone (a
 * conditional ranged GET, {@link Bucket#getPart}), so the bytes of one entry never mix two
 * versions of its object: a replace or a delete in between fails the later GET instead.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the cache key, for messages
 * @param length the object's length in bytes
 * @param eTag the ETag of the version opened; {@code null} when the server gave none
 */
record OpenedObject(Bucket bucket, String objectKey, String key, long length, String eTag) {

  /** Exactly the object's bytes {@code [first, first + count)}, by one ranged GET. */
  InputStream part(long first, long count) throws IOException {
    if (count == 0) {
      return InputStream.nullInputStream();
    }
    return new PartStream(bucket.getPart(objectKey, key, first, count, length, eTag), count,
        this::failure);
  }

  /** An IOException naming the object and key, for a failed read of a response. */
  IOException failure(Exception cause) {
    return bucket.failure("GET", objectKey, key, cause);
  }
}
