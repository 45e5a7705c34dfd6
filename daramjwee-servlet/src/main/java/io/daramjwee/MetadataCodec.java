package io.daramjwee;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The binary form of {@link Metadata}, big-endian:
 *
 * <pre>
 * u8   version (1)
 * u8   flags: 0x01 negative, 0x02 cacheTag, 0x04 freshFor, 0x08 staleFor, 0x10 staleIfError
 * i64  cachedAt epoch seconds, i32 nanos
 * [str cacheTag]                      if flag 0x02
 * [i64 seconds, i32 nanos] per duration present, in flag order
 * i32  attribute count, then per attribute: str name, str value
 * str = i32 byte length + UTF-8 bytes
 * </pre>
 *
 * Decoding rejects unknown versions, unknown flags, out-of-range values and trailing bytes.
 */
final class MetadataCodec {

  static final byte VERSION = 1;

  private static final int NEGATIVE = 0x01;
  private static final int TAG = 0x02;
  private static final int FRESH = 0x04;
  private static final int STALE = 0x08;
  private static final int STALE_IF_ERROR = 0x10;
  private static final int KNOWN_FLAGS = NEGATIVE | TAG | FRESH | STALE | STALE_IF_ERROR;

  private MetadataCodec() {}

  static byte[] encode(Metadata m) {
    byte[] tag = m.cacheTag() == null ? null : utf8(m.cacheTag());
    int size = 2 + 12 + (tag == null ? 0 : 4 + tag.length) + 4;
    size += durationSize(m.freshFor()) + durationSize(m.staleFor())
        + durationSize(m.staleIfError());
    byte[][] attrs = new byte[m.attributes().size() * 2][];
    int i = 0;
    for (var e : m.attributes().entrySet()) {
      attrs[i] = utf8(e.getKey());
      attrs[i + 1] = utf8(e.getValue());
      size += 8 + attrs[i].length + attrs[i + 1].length;
      i += 2;
    }

    int flags = (m.negative() ? NEGATIVE : 0) | (tag != null ? TAG : 0)
        | (m.freshFor() != null ? FRESH : 0) | (m.staleFor() != null ? STALE : 0)
        | (m.staleIfError() != null ? STALE_IF_ERROR : 0);
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).put((byte) flags);
    out.putLong(m.cachedAt().getEpochSecond()).putInt(m.cachedAt().getNano());
    if (tag != null) {
      out.putInt(tag.length).put(tag);
    }
    putDuration(out, m.freshFor());
    putDuration(out, m.staleFor());
    putDuration(out, m.staleIfError());
    out.putInt(m.attributes().size());
    for (byte[] s : attrs) {
      out.putInt(s.length).put(s);
    }
    return out.array();
  }

  static Metadata decode(byte[] bytes) throws CorruptEntryException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = in.get();
      if (version != VERSION) {
        throw new CorruptEntryException("unknown metadata version " + version);
      }
      int flags = in.get() & 0xff;
      if ((flags & ~KNOWN_FLAGS) != 0) {
        throw new CorruptEntryException("unknown metadata flags 0x" + Integer.toHexString(flags));
      }
      Metadata.Builder b = Metadata.builder()
          .negative((flags & NEGATIVE) != 0)
          .cachedAt(Instant.ofEpochSecond(in.getLong(), nanos(in)));
      if ((flags & TAG) != 0) {
        b.cacheTag(getString(in));
      }
      if ((flags & FRESH) != 0) {
        b.freshFor(getDuration(in));
      }
      if ((flags & STALE) != 0) {
        b.staleFor(getDuration(in));
      }
      if ((flags & STALE_IF_ERROR) != 0) {
        b.staleIfError(getDuration(in));
      }
      int count = in.getInt();
      if (count < 0 || count > in.remaining() / 8) {
        throw new CorruptEntryException("bad attribute count " + count);
      }
      for (int i = 0; i < count; i++) {
        b.attribute(getString(in), getString(in));
      }
      if (in.hasRemaining()) {
        throw new CorruptEntryException(in.remaining() + " trailing bytes after metadata");
      }
      return b.build();
    } catch (BufferUnderflowException | java.time.DateTimeException | ArithmeticException
        | IllegalArgumentException e) {
      throw new CorruptEntryException("malformed metadata: " + e, e);
    }
  }

  private static int durationSize(Duration d) {
    return d == null ? 0 : 12;
  }

  private static void putDuration(ByteBuffer out, Duration d) {
    if (d != null) {
      out.putLong(d.getSeconds()).putInt(d.getNano());
    }
  }

  private static Duration getDuration(ByteBuffer in) throws CorruptEntryException {
    long seconds = in.getLong();
    return Duration.ofSeconds(seconds, nanos(in));
  }

  private static int nanos(ByteBuffer in) throws CorruptEntryException {
    int nanos = in.getInt();
    if (nanos < 0 || nanos > 999_999_999) {
      throw new CorruptEntryException("bad nanos " + nanos);
    }
    return nanos;
  }

  private static String getString(ByteBuffer in) throws CorruptEntryException {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new CorruptEntryException("bad string length " + length);
    }
    byte[] s = new byte[length];
    in.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
