package io.daramjwee.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex: what file names, S3 object keys and the digests of credentials in
 * cache keys are made of. One digest per thread, since {@link MessageDigest} is not thread-safe
 * and {@code getInstance} looks the provider up each time; a few hundred bytes per thread, and
 * hashing never takes a lock. Stateless and thread-safe.
 */
public final class Sha256 {

  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  });

  private Sha256() {}

  /** The SHA-256 of {@code bytes}, 64 lower-case hex digits. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(DIGEST.get().digest(bytes));
  }
}
