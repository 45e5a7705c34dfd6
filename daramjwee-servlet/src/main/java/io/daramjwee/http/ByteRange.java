package io.daramjwee.http;

import java.util.Locale;

/**
 * One satisfiable byte range of a representation of known length, and the parsing of a
 * {@code Range} request header into what a hit should answer (RFC 9110 §14): 206 with one range,
 * 416 when no range is satisfiable, or the full 200 when the header is absent, malformed, in
 * another unit or asks for several ranges (§14.2 lets a server ignore {@code Range}; we do not
 * send {@code multipart/byteranges}).
 *
 * <p>{@code first} and {@code last} are inclusive offsets, as in {@code Content-Range}. Immutable
 * and thread-safe.
 */
public record ByteRange(long first, long last, long completeLength) {

  /**
   * @throws IllegalArgumentException unless {@code 0 <= first <= last < completeLength}
   */
  public ByteRange {
    if (first < 0 || last < first || last >= completeLength) {
      throw new IllegalArgumentException("byte range must satisfy 0 <= first <= last < length: "
          + first + "-" + last + "/" + completeLength);
    }
  }

  /** How many bytes the range covers, for {@code Content-Length}. */
  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} of a 206 (RFC 9110 §14.4), e.g. {@code bytes 0-499/1234}. */
  public String contentRange() {
    return "bytes " + first + "-" + last + "/" + completeLength;
  }

  /** What to answer a ranged request with. */
  public sealed interface Decision permits Full, Partial, Unsatisfiable {
    /** The response status: 200, 206 or 416. */
    int status();
  }

  /** Serve the whole representation with 200; the {@code Range} header is ignored. */
  public record Full() implements Decision {
    @Override
    public int status() {
      return 200;
    }
  }

  /** Serve {@code range} with 206 and its {@link ByteRange#contentRange()}. */
  public record Partial(ByteRange range) implements Decision {
    @Override
    public int status() {
      return 206;
    }
  }

  /** Answer 416 with {@link #contentRange()} (RFC 9110 §15.5.17). */
  public record Unsatisfiable(long completeLength) implements Decision {
    @Override
    public int status() {
      return 416;
    }

    /** {@code bytes *}{@code /length} (RFC 9110 §14.4 unsatisfied-range). */
    public String contentRange() {
      return "bytes */" + completeLength;
    }
  }

  private static final Full FULL = new Full();

  /**
   * The answer to a GET carrying {@code request}'s {@code Range} for a representation of
   * {@code completeLength} bytes. {@code Range} is defined only for GET (§14.2), so any other
   * method, HEAD included, gets {@link Full}; so does a request with {@code If-Range}, which we
   * do not evaluate: the full response is always a correct answer to it (§13.1.5).
   */
  public static Decision decide(RequestHead request, long completeLength) {
    if (!request.method().equals("GET") || request.headers().contains("If-Range")) {
      return FULL;
    }
    java.util.List<String> ranges = request.headers().all("Range");
    if (ranges.size() != 1) {
      return FULL;
    }
    return parse(ranges.get(0), completeLength);
  }

  /**
   * The answer to the {@code Range} value {@code header} (or {@code null}) for a representation of
   * {@code completeLength} bytes (RFC 9110 §14.1.2, §14.1.3).
   *
   * @throws IllegalArgumentException when {@code completeLength} is negative
   */
  public static Decision parse(String header, long completeLength) {
    if (completeLength < 0) {
      throw new IllegalArgumentException("completeLength must not be negative: " + completeLength);
    }
    if (header == null) {
      return FULL;
    }
    int eq = header.indexOf('=');
    // §14.1: range units compare case-insensitively.
    if (eq < 0 || !header.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
      return FULL;
    }
    String spec = header.substring(eq + 1).trim();
    if (spec.isEmpty() || spec.indexOf(',') >= 0) {
      return FULL; // malformed, or several ranges: not served as multipart
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return FULL;
    }
    String firstText = spec.substring(0, dash);
    String lastText = spec.substring(dash + 1);
    if (firstText.isEmpty()) {
      // suffix-range: the last N bytes; satisfiable when N > 0 and there is content (§14.1.3)
      long suffix = digits(lastText);
      if (suffix < 0) {
        return FULL;
      }
      if (suffix == 0 || completeLength == 0) {
        return new Unsatisfiable(completeLength);
      }
      long n = Math.min(suffix, completeLength);
      return new Partial(new ByteRange(completeLength - n, completeLength - 1, completeLength));
    }
    long first = digits(firstText);
    if (first < 0) {
      return FULL;
    }
    long last;
    if (lastText.isEmpty()) {
      last = Long.MAX_VALUE;
    } else {
      last = digits(lastText);
      if (last < 0 || last < first) {
        return FULL; // §14.1.1: last-pos below first-pos makes the range invalid
      }
    }
    if (first >= completeLength) {
      return new Unsatisfiable(completeLength);
    }
    return new Partial(new ByteRange(first, Math.min(last, completeLength - 1), completeLength));
  }

  /** The value of a non-empty run of ASCII digits (huge ones saturate), or -1. */
  private static long digits(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
    }
    return value;
  }
}
