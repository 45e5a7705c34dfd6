package io.daramjwee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Bodies far larger than a test's heap: deterministic pseudo-random bytes generated as they are
 * read (never held in memory), and a CRC32C of a stream that also checks its length. Tests of the
 * small-heap executions use these to prove that no path buffers a whole body.
 */
public final class LargeBodies {

  private LargeBodies() {}

  /** {@code size} bytes determined by {@code seed}; the same seed gives the same bytes. */
  public static InputStream pattern(long seed, long size) {
    return new Pattern(seed, size);
  }

  /** The CRC32C of what {@code in} yields, after asserting that it yields {@code size} bytes. */
  public static long crc(InputStream in, long size) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      crc.update(buffer, 0, n);
      total += n;
    }
    if (total != size) {
      throw new AssertionError("expected " + size + " bytes but the stream gave " + total);
    }
    return crc.getValue();
  }

  /** The CRC32C of {@link #pattern(long, long)}. */
  public static long patternCrc(long seed, long size) throws IOException {
    return crc(pattern(seed, size), size);
  }

  /** xorshift64 bytes, eight per step. Not thread-safe. */
  private static final class Pattern extends InputStream {
    private final long size;
    private long position;
    private long state;

    Pattern(long seed, long size) {
      this.size = size;
      long mixed = 0x9E3779B97F4A7C15L ^ (seed * 0xBF58476D1CE4E5B9L);
      this.state = mixed == 0 ? 0x9E3779B97F4A7C15L : mixed; // xorshift must not start at zero
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        if (((position + i) & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> (((position + i) & 7) * 8));
      }
      position += n;
      return n;
    }
  }
}
