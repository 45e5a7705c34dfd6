package io.daramjwee.reliability;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The entries a {@link CrashWriter} writes and a {@link CrashRestartTest} checks: key {@code i} of
 * a run has a length and bytes that depend only on the key, so the test can tell a whole entry from
 * a torn or mixed one without being told what the dead process wrote. Most bodies are small (inline
 * in an Ehcache manifest, one read in a file), every fifth spans many Ehcache chunks, every
 * eleventh is a few MiB; each is written in pieces of varying size, as a servlet tee writes.
 * Stateless; thread-safe.
 */
final class CrashEntries {

  static final Metadata METADATA = Metadata.ofTag("crash");

  private CrashEntries() {}

  static String key(String run, int i) {
    return "/crash/" + run + "/entry-" + i;
  }

  /** The body length of entry {@code i}: 0 to 24 KiB, 200 to 700 KiB, or 2 to 4 MiB. */
  static int length(int i) {
    SplittableRandom r = new SplittableRandom(i * 7919L);
    if (i % 11 == 10) {
      return (2 << 20) + r.nextInt(2 << 20);
    }
    if (i % 5 == 4) {
      return 200 * 1024 + r.nextInt(500 * 1024);
    }
    return r.nextInt(24 * 1024 + 1);
  }

  /** The body of {@code key}: {@code length} bytes seeded by the key. */
  static byte[] body(String key, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed(key)).nextBytes(bytes);
    return bytes;
  }

  /**
   * Writes {@code body} under {@code key} in pieces of 1 byte to 96 KiB; calls {@code midway} once,
   * after about half of it, with the writer still open.
   */
  static void write(Store store, String key, byte[] body, Runnable midway) throws IOException {
    SplittableRandom pieces = new SplittableRandom(seed(key) ^ 0x5DEECE66DL);
    try (StoreWriter writer = store.setWithWriter(key, METADATA)) {
      boolean half = false;
      for (int at = 0; at < body.length; ) {
        int n = Math.min(body.length - at, 1 + pieces.nextInt(96 * 1024));
        writer.write(body, at, n);
        at += n;
        if (!half && at >= body.length / 2) {
          half = true;
          midway.run();
        }
      }
      if (!half) {
        midway.run();
      }
      writer.commit();
    }
  }

  /** What {@code store} holds for {@code key}: absent, whole, or wrong (torn, mixed, bad meta). */
  enum Found { ABSENT, WHOLE, WRONG }

  static Found read(Store store, String key, int i) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      if (entry == null) {
        return Found.ABSENT;
      }
      byte[] read;
      try (InputStream body = entry.body()) {
        read = body.readAllBytes();
      }
      return entry.metadata().equals(METADATA) && Arrays.equals(read, body(key, length(i)))
          ? Found.WHOLE : Found.WRONG;
    }
  }

  private static long seed(String key) {
    long h = 1125899906842597L;
    for (int c = 0; c < key.length(); c++) {
      h = 31 * h + key.charAt(c);
    }
    return h;
  }
}
