package io.daramjwee.store.chunked;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Write ids: 32 lowercase hex digits (128 random bits), fresh for every write, so the chunks of
 * two writes of one key never share a name. A reader of the old value and a writer of the new one
 * never touch the same chunk, and a reader can tell its version's chunks are gone rather than
 * silently read another version's. Random rather than counted, so ids stay unique across restarts
 * and across the instances that share a store. Stateless and thread-safe.
 */
public final class WriteIds {

  /** The length of a write id in characters. */
  public static final int LENGTH = 32;

  private WriteIds() {}

  /** A fresh write id. */
  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex(random.nextLong(), random.nextLong());
  }

  static String hex(long high, long low) {
    return pad(Long.toHexString(high)) + pad(Long.toHexString(low));
  }

  static long high(String writeId) {
    return Long.parseUnsignedLong(writeId, 0, 16, 16);
  }

  static long low(String writeId) {
    return Long.parseUnsignedLong(writeId, 16, 32, 16);
  }

  private static String pad(String hex) {
    return "0".repeat(16 - hex.length()) + hex;
  }
}
