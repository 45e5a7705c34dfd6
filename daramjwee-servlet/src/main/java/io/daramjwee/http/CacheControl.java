package io.daramjwee.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The directives of the {@code Cache-Control} header fields of one request or response (RFC 9111
 * §5.2), read leniently: names are case-insensitive, repeated fields are one comma-separated list
 * (RFC 9110 §5.3), arguments may be tokens or quoted strings with backslash escapes, and
 * whitespace around names, {@code =} and commas is ignored. Immutable and thread-safe.
 *
 * <p>Decisions, per RFC 9111:
 * <ul>
 *   <li>When a directive repeats, its first occurrence wins (§4.2.1 allows "first occurrence").
 *   <li>{@code max-age} and {@code s-maxage} with an argument that is not delta-seconds (§1.2.2)
 *       read as zero, so the response is stale at once (§4.2.1: "caches are encouraged to consider
 *       responses that have invalid freshness information ... to be stale"). An invalid
 *       {@code stale-while-revalidate} or {@code stale-if-error} (RFC 5861) is absent instead:
 *       it can only grant staleness, never take freshness away.
 *   <li>delta-seconds above 2<sup>31</sup> saturate at 2<sup>31</sup> seconds (§1.2.2).
 *   <li>{@code private} and {@code no-cache} with a field-name list (§5.2.2.4, §5.2.2.7) count
 *       as unqualified: a shared cache cannot store a response minus some fields.
 *   <li>Other directives are kept, by lower-cased name, in {@link #extensions()} with their
 *       argument or {@code null} (§5.2.3).
 * </ul>
 *
 * <p>A delta-seconds directive without an argument is a {@code null} duration, as if absent,
 * except {@code max-age}/{@code s-maxage} which read as zero like any invalid argument.
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
    Map<String, String> directives = new LinkedHashMap<>();
    for (String value : headerValues) {
      if (value != null) {
        new Reader(value).readInto(directives);
      }
    }
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
        freshness(extensions, "max-age"),
        freshness(extensions, "s-maxage"),
        grant(extensions, "stale-while-revalidate"),
        grant(extensions, "stale-if-error"),
        extensions);
  }

  private static boolean flag(Map<String, String> directives, String name) {
    if (!directives.containsKey(name)) {
      return false;
    }
    directives.remove(name);
    return true;
  }

  /** max-age, s-maxage: present but invalid means stale. */
  private static Duration freshness(Map<String, String> directives, String name) {
    if (!directives.containsKey(name)) {
      return null;
    }
    Duration d = deltaSeconds(directives.remove(name));
    return d == null ? Duration.ZERO : d;
  }

  /** stale-while-revalidate, stale-if-error: present but invalid means absent. */
  private static Duration grant(Map<String, String> directives, String name) {
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

  /** Reads one field value: {@code #( token [ "=" ( token / quoted-string ) ] )}. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    void readInto(Map<String, String> directives) {
      while (true) {
        skip(" \t,");
        if (i >= s.length()) {
          return;
        }
        String name = until("=, \t").toLowerCase(Locale.ROOT);
        skip(" \t");
        String argument = null;
        if (i < s.length() && s.charAt(i) == '=') {
          i++;
          skip(" \t");
          argument = i < s.length() && s.charAt(i) == '"' ? quoted() : until(", \t");
        }
        // Whatever follows up to the next comma is not part of the grammar: drop it.
        until(",");
        if (!name.isEmpty()) {
          directives.putIfAbsent(name, argument);
        }
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
