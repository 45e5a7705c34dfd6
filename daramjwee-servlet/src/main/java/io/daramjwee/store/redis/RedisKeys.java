package io.daramjwee.store.redis;

import java.nio.charset.StandardCharsets;

/**
 * How a {@link RedisStore} names its Redis keys, under its key prefix {@code P}:
 *
 * <pre>
 *   P m:{key}               the manifest of {key}: makes one write of it visible
 *   P m~:{hex}              the same, for a key that is not well-formed UTF-16 ({@link #manifest})
 *   P c:{{write id}}:{i}    chunk {i} (decimal, from 0) of the write {write id}
 * </pre>
 *
 * <p>The write id sits in braces, a Redis Cluster hash tag, so all chunks of one write live in one
 * slot and one multi-key {@code EXISTS} or {@code DEL} can address them on a cluster too. The
 * manifest's name has no hash tag: it goes wherever its key hashes. Keys under other names are not
 * the store's and are left alone. Stateless and thread-safe.
 */
final class RedisKeys {

  private final String manifestPrefix;
  private final String escapedPrefix;
  private final String chunkPrefix;

  RedisKeys(String prefix) {
    this.manifestPrefix = prefix + "m:";
    this.escapedPrefix = prefix + "m~:";
    this.chunkPrefix = prefix + "c:{";
  }

  /**
   * The name of {@code key}'s manifest. A key that is not well-formed UTF-16 (an unpaired
   * surrogate, which UTF-8 cannot carry) is named by the hex of its UTF-16 code units under
   * {@code m~:} instead, so two such keys never share a name with each other or with a valid key.
   */
  String manifest(String key) {
    return wellFormed(key) ? manifestPrefix + key : escapedPrefix + hex(key);
  }

  /** Whether {@code name} names a manifest under this prefix (not a chunk, nor another's key). */
  boolean isManifest(String name) {
    return name.startsWith(manifestPrefix) || name.startsWith(escapedPrefix);
  }

  /**
   * The bytes a manifest holds to name its key: UTF-8, or for a key that is not well-formed UTF-16,
   * 0xFF (never in UTF-8) and its UTF-16 code units, so a manifest is never taken for another key's.
   */
  static byte[] keyBytes(String key) {
    if (wellFormed(key)) {
      return key.getBytes(StandardCharsets.UTF_8);
    }
    byte[] utf16 = key.getBytes(StandardCharsets.UTF_16BE);
    byte[] bytes = new byte[utf16.length + 1];
    bytes[0] = (byte) 0xFF;
    System.arraycopy(utf16, 0, bytes, 1, utf16.length);
    return bytes;
  }

  private static boolean wellFormed(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String hex(String key) {
    StringBuilder out = new StringBuilder(key.length() * 4);
    for (int i = 0; i < key.length(); i++) {
      out.append(String.format("%04x", (int) key.charAt(i)));
    }
    return out.toString();
  }

  String chunk(String writeId, int index) {
    return chunkPrefix + writeId + "}:" + index;
  }

  /** The names of chunks {@code [0, count)} of {@code writeId}. */
  String[] chunks(String writeId, int count) {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = chunk(writeId, i);
    }
    return names;
  }
}
