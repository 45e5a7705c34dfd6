package io.daramjwee.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directives of the {@code Cache-Control} header fields of one request or response (RFC 9111
 * §5.2), read leniently: names are case-insensitive, repeated fields are one comma-separated list
 * (RFC 9110 §5.3), arguments may be tokens or quoted strings with backslash escapes, and
 * whitespace around names, {@code =} and commas is ignored. Immutable and thread-safe.
 *
 * <p>Decisions, per RFC 9111:
 * <ul>
 *   <li>When a directive repeats, its first occurrence wins (§4.2.1 allows "first occurrence").
 *   <li>A delta-seconds directive ({@code max-age}, {@code s-maxage},
 *       {@code stale-while-revalidate}, {@code stale-if-error}) whose argument is missing or not
 *       delta-seconds (§1.2.2) is ignored, as if absent: a response that says
 *       {@code max-age=soon} gets the freshness it would have without it ({@code Expires}, the
 *       route's, a heuristic), not zero. RFC 9111 §4.2.1 only "encourages" treating invalid
 *       freshness as stale, and a typo should not turn the cache off for a resource; an invalid
 *       {@code Expires} still means already expired (§5.3).
 *   <li>delta-seconds above 2<sup>31</sup> saturate at 2<sup>31</sup> seconds (§1.2.2).
 *   <li>{@code private} and {@code no-cache} with a field-name list (§5.2.2.4, §5.2.2.7) count
 *       as unqualified: a shared cache cannot store a response minus some fields.
 *   <li>Other directives are kept, by lower-cased name, in {@link #extensions()} with their
 *       argument or {@code null} (§5.2.3).
 * </ul>
 *
 * <p>{@link #parseTargeted} reads a targeted field (RFC 9213) with the same rules, a little more
 * leniently still, since such a field is a Structured Field dictionary (RFC 8941 §3.2).
 */
public record CacheControl(
    boolean noStore,
    boolean noCache,
    boolean isPrivate,
    boolean isPublic,
    boolean mustRevalidate,
    boolean proxyRevalidate,
    boolean noTransform,
    boolean onlyIfCached,
    Duration maxAge,
    Duration sMaxAge,
    Duration staleWhileRevalidate,
    Duration staleIfError,
    Map<String, String> extensions) {

  /** RFC 9111 §1.2.2: "the greatest integer it can represent ... 2147483648 (2^31)". */
  static final long MAX_DELTA_SECONDS = 2_147_483_648L;

  /** {@link #parse} remembers at most this many single field values... */
  private static final int MEMO_CAPACITY = 256;
  /** ...each at most this long. */
  private static final int MEMO_MAX_LENGTH = 256;
  private static final Map<String, CacheControl> PARSED = new ConcurrentHashMap<>();

  private static final CacheControl NONE = new CacheControl(false, false, false, false, false,
      false, false, false, null, null, null, null, Map.of());

  public CacheControl {
    Objects.requireNonNull(extensions, "extensions");
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** No directive at all. */
  public static CacheControl none() {
    return NONE;
  }

  /**
   * The directives of {@code headerValues}, the values of every {@code Cache-Control} field in
   * order. Never fails on malformed input: what cannot be read is skipped.
   */
  public static CacheControl parse(List<String> headerValues) {
    Objects.requireNonNull(headerValues, "headerValues");
    if (headerValues.isEmpty()) {
      return NONE;
    }
    if (headerValues.size() == 1) {
      String value = headerValues.get(0);
      if (value != null && value.length() <= MEMO_MAX_LENGTH) {
        // A route answers with the same few values over and over: each is read once.
        CacheControl known = PARSED.get(value);
        if (known == null) {
          known = read(headerValues);
          if (PARSED.size() >= MEMO_CAPACITY) {
            PARSED.clear(); // bounded whatever the values; the ones in use come back at once
          }
          PARSED.put(value, known);
        }
        return known;
      }
    }
    return read(headerValues);
  }

  private static CacheControl read(List<String> headerValues) {
    Map<String, String> directives = new LinkedHashMap<>();
    for (String value : headerValues) {
      if (value != null) {
        new Reader(value, false).readInto(directives);
      }
    }
    return of(directives);
  }

  /**
   * The directives of a targeted cache-control field (RFC 9213 §2.1), the values of every field
   * of that name in order, or {@code null} when they hold no directive at all (absent, empty, or
   * nothing but separators and junk), which §2.1 says a cache ignores, falling back to
   * {@code Cache-Control}.
   *
   * <p>The field is a Structured Field dictionary (RFC 8941 §3.2), read leniently as a
   * {@code Cache-Control} list with three additions: member parameters ({@code ;name=value}) are
   * dropped, a Boolean {@code ?1} argument is the bare directive and a {@code ?0} one is no
   * directive (RFC 8941 §3.3.6: {@code no-store=?0} means false). Anything else a strict
   * Structured Field parser would reject (upper-case keys, tokens where an Integer belongs) is
   * read as {@link #parse} would, rather than throwing the whole field away: the origin plainly
   * meant it for this cache. A field that yields at least one directive, even a {@code ?0} one,
   * is valid and replaces {@code Cache-Control}.
   */
  public static CacheControl parseTargeted(List<String> headerValues) {
    Objects.requireNonNull(headerValues, "headerValues");
    if (headerValues.isEmpty()) {
      return null; // the usual case: no such field
    }
    Map<String, String> directives = new LinkedHashMap<>();
    int members = 0;
    for (String value : headerValues) {
      if (value != null) {
        members += new Reader(value, true).readInto(directives);
      }
    }
    return members == 0 ? null : of(directives);
  }

  private static CacheControl of(Map<String, String> directives) {
    if (directives.isEmpty()) {
      return NONE;
    }
    Map<String, String> extensions = new LinkedHashMap<>(directives);
    return new CacheControl(
        flag(extensions, "no-store"),
        flag(extensions, "no-cache"),
        flag(extensions, "private"),
        flag(extensions, "public"),
        flag(extensions, "must-revalidate"),
        flag(extensions, "proxy-revalidate"),
        flag(extensions, "no-transform"),
        flag(extensions, "only-if-cached"),
        delta(extensions, "max-age"),
        delta(extensions, "s-maxage"),
        delta(extensions, "stale-while-revalidate"),
        delta(extensions, "stale-if-error"),
        extensions);
  }

  private static boolean flag(Map<String, String> directives, String name) {
    if (!directives.containsKey(name)) {
      return false;
    }
    directives.remove(name);
    return true;
  }

  /** A delta-seconds directive, removed from {@code directives}; invalid means absent. */
  private static Duration delta(Map<String, String> directives, String name) {
    return directives.containsKey(name) ? deltaSeconds(directives.remove(name)) : null;
  }

  /** RFC 9111 §1.2.2 delta-seconds = 1*DIGIT, saturating; {@code null} when not digits. */
  static Duration deltaSeconds(String argument) {
    if (argument == null || argument.isEmpty()) {
      return null;
    }
    long seconds = 0;
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      if (seconds < MAX_DELTA_SECONDS) {
        seconds = seconds * 10 + (c - '0');
      }
    }
    return Duration.ofSeconds(Math.min(seconds, MAX_DELTA_SECONDS));
  }

  /**
   * Reads one field value: {@code #( token [ "=" ( token / quoted-string ) ] )}, or, for a
   * targeted field ({@code structured}), the same with RFC 8941 parameters and Booleans.
   */
  private static final class Reader {
    private final String s;
    private final boolean structured;
    private int i;

    Reader(String s, boolean structured) {
      this.s = s;
      this.structured = structured;
    }

    /** Adds the directives not yet in {@code directives}; returns how many members it read. */
    int readInto(Map<String, String> directives) {
      int members = 0;
      while (true) {
        skip(" \t,");
        if (i >= s.length()) {
          return members;
        }
        String name = until(structured ? "=,; \t" : "=, \t").toLowerCase(Locale.ROOT);
        skip(" \t");
        String argument = null;
        if (i < s.length() && s.charAt(i) == '=') {
          i++;
          skip(" \t");
          argument = i < s.length() && s.charAt(i) == '"' ? quoted()
              : until(structured ? ", \t;" : ", \t");
        }
        // Whatever follows up to the next comma is not part of the grammar (or, in a targeted
        // field, is the member's parameters): drop it.
        until(",");
        if (name.isEmpty() || structured && !Headers.isToken(name)) {
          continue;
        }
        if (structured) {
          members++;
          if ("?0".equals(argument)) {
            continue; // RFC 8941 Boolean false: the directive is not given
          }
          argument = "?1".equals(argument) ? null : argument;
        }
        directives.putIfAbsent(name, argument);
      }
    }

    private void skip(String chars) {
      while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private String until(String stops) {
      int start = i;
      while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(start, i);
    }

    /** RFC 9110 §5.6.4 quoted-string; an unterminated one runs to the end of the value. */
    private String quoted() {
      StringBuilder b = new StringBuilder();
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\' && i < s.length()) {
          c = s.charAt(i++);
        }
        b.append(c);
      }
      return b.toString();
    }
  }
}
