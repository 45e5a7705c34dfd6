package io.daramjwee.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Computes a strong entity-tag (RFC 9110 §8.8.3) for a body the origin sent without an
 * {@code ETag}, fed incrementally while the body is teed into the cache:
 * {@code "} + base64url without padding of the first 16 bytes of SHA-256 + {@code "}, 24
 * characters in all. Equal bytes give equal tags however they were chunked; 128 bits keep
 * accidental collisions out of reach. Strong, because it changes with every byte of the content
 * (§8.8.1). Not thread-safe: one instance per body, used by the thread that writes it.
 */
public final class EtagDigest {

  private static final int TAG_BYTES = 16;

  private final MessageDigest sha256;
  private String etag;

  public EtagDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Adds {@code len} bytes of {@code bytes} from {@code off}.
   *
   * @throws IllegalStateException after {@link #etag()}
   * @throws IndexOutOfBoundsException when the range is outside {@code bytes}
   */
  public void update(byte[] bytes, int off, int len) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(off, len, bytes.length);
    if (etag != null) {
      throw new IllegalStateException("etag() was already taken; the digest is finished");
    }
    sha256.update(bytes, off, len);
  }

  /** The entity-tag of every byte added, quotes included; later calls return the same tag. */
  public String etag() {
    if (etag == null) {
      byte[] digest = Arrays.copyOf(sha256.digest(), TAG_BYTES);
      etag = '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"';
    }
    return etag;
  }
}
