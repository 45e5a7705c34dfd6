package io.daramjwee.sample;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a report: {@code sizeMb} MiB of pseudo-random bytes that depend only on the report's
 * id, written 64 KiB at a time, so any size streams in constant memory and a client can check what
 * it got against {@link #write} run locally. Stateless; thread-safe.
 */
final class ReportBytes {

  /** The bytes written at once; the only buffer a report ever holds. */
  static final int CHUNK = 64 * 1024;

  static final long MIB = 1024 * 1024;

  private ReportBytes() {}

  /** Writes report {@code id}'s {@code sizeMb} MiB to {@code out}, which it does not close. */
  static void write(long id, int sizeMb, OutputStream out) throws IOException {
    byte[] chunk = new byte[CHUNK];
    long state = seed(id);
    for (long left = sizeMb * MIB; left > 0; left -= CHUNK) {
      for (int i = 0; i < CHUNK; i += Long.BYTES) {
        // xorshift64*: a fixed, documented generator, so the bytes never change across JDKs
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        long v = state * 0x2545F4914F6CDD1DL;
        for (int b = 0; b < Long.BYTES; b++) {
          chunk[i + b] = (byte) (v >>> (8 * b));
        }
      }
      out.write(chunk, 0, CHUNK); // a MiB is a whole number of chunks
    }
  }

  /** A non-zero state from the id (splitmix64's finalizer), since xorshift stays at zero. */
  private static long seed(long id) {
    long z = id + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return z == 0 ? 1 : z;
  }
}
