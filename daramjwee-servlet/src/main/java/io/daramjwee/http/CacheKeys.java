package io.daramjwee.http;

import io.daramjwee.internal.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds the cache key of a request: route id, decoded path, canonical query and the values of the
 * request headers the response varies on (RFC 9111 §4.1). The raw request line never enters the
 * key, and neither does any header that is not named by the route's vary list or the stored
 * response's {@code Vary}, so {@code X-Forwarded-Host}, {@code X-Original-URL} or
 * {@code X-HTTP-Method-Override} cannot poison an entry unless a route asks for them.
 *
 * <p>Every part is written length-prefixed ({@code <chars>:<text>}), so no two different inputs
 * give the same key whatever characters they hold:
 *
 * <pre>
 *   r 7:route-a  p 4:/foo  q 11:a=1&amp;b=x%20y  h 2  6:accept =3:*&#47;*  8:x-tenant -
 *   ^route id    ^path     ^canonical query    ^count, then per header: name, "=" value or "-" absent
 * </pre>
 *
 * (written without the spaces). A credential a route keys on ({@code Authorization},
 * {@code Proxy-Authorization}, {@code Cookie}) is written as {@code #} and the SHA-256 of its value
 * instead, so keys, which tiers store (Redis key names, manifests, S3 object keys) and logs print,
 * never hold one; two credentials still never share a key but by a SHA-256 collision. Stateless
 * and thread-safe.
 */
public final class CacheKeys {

  /** Header names (lower case) whose values enter a key only as a digest. */
  private static final Set<String> CREDENTIALS =
      Set.of("authorization", "proxy-authorization", "cookie");

  private CacheKeys() {}

  /**
   * The key of {@code request} on route {@code routeId}.
   *
   * @param varyHeaders header names the route varies on; may be empty
   * @param storedVary names from a stored response's {@code Vary} fields (elements may be
   *     comma-separated lists); may be empty; {@code *} is ignored (such a response is not stored)
   * @param queryInclude when non-empty, only these query parameter names are kept
   * @param queryExclude query parameter names dropped from the key
   * @throws IllegalArgumentException when {@code routeId} is empty
   */
  public static String key(String routeId, RequestHead request, List<String> varyHeaders,
      List<String> storedVary, List<String> queryInclude, List<String> queryExclude) {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(varyHeaders, "varyHeaders");
    Objects.requireNonNull(storedVary, "storedVary");
    Objects.requireNonNull(queryInclude, "queryInclude");
    Objects.requireNonNull(queryExclude, "queryExclude");
    if (routeId.isEmpty()) {
      throw new IllegalArgumentException("routeId must not be empty: '" + routeId + "'");
    }
    String path = request.path();
    String query = canonicalQuery(request.rawQuery(), queryInclude, queryExclude);
    StringBuilder key = new StringBuilder(routeId.length() + path.length() + query.length() + 32);
    key.append('r');
    put(key, routeId);
    key.append('p');
    put(key, path);
    key.append('q');
    put(key, query);
    if (varyHeaders.isEmpty() && storedVary.isEmpty()) {
      key.append("h0"); // what appendHeaders writes for no names, without building the set
    } else {
      appendHeaders(key, varyNames(varyHeaders, storedVary), request.headers()::all);
    }
    return key.toString();
  }

  /**
   * Appends the header part of a key for {@code names} (lower case, sorted) with the values
   * {@code values} gives for each: {@code h<count>}, then per name its length-prefixed name and
   * {@code -} when absent, {@code =} and the value, or {@code #} and the SHA-256 of a credential.
   * Repeated fields are combined and whitespace normalised first.
   */
  static void appendHeaders(StringBuilder key, Collection<String> names,
      Function<String, List<String>> values) {
    key.append('h').append(names.size());
    for (String name : names) {
      put(key, name);
      List<String> found = values.apply(name);
      if (found == null || found.isEmpty()) {
        key.append('-');
      } else {
        // RFC 9110 §5.3: repeated fields combine into one comma-separated list.
        String value = normaliseWhitespace(String.join(", ", found));
        if (CREDENTIALS.contains(name)) {
          key.append('#');
          put(key, Sha256.hex(value.getBytes(StandardCharsets.UTF_8)));
        } else {
          key.append('=');
          put(key, value);
        }
      }
    }
  }

  /**
   * The query of {@code rawQuery} in canonical form: parameters percent-decoded ({@code +} as a
   * space, as servlet containers decode them) to bytes and re-encoded with every byte outside
   * RFC 3986 §2.3 "unreserved" as upper-case {@code %XX}, filtered by the include and exclude
   * lists (names compared after the same canonicalisation), then sorted by canonical name,
   * keeping the request order of repeated names. A parameter without {@code =} stays distinct from
   * one with an empty value. Malformed escapes are taken literally. Empty when there is no query.
   */
  public static String canonicalQuery(String rawQuery, List<String> queryInclude,
      List<String> queryExclude) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    if (queryInclude.isEmpty() && queryExclude.isEmpty() && isCanonical(rawQuery)) {
      return rawQuery; // the common case, such as "page=2" or "a=1&b=x", without a copy
    }
    List<String> include = canonicalNames(queryInclude);
    List<String> exclude = canonicalNames(queryExclude);
    // Work on the canonical encodings of the decoded bytes, never on decoded strings: invalid
    // UTF-8 such as %FF and %FE would both decode to U+FFFD and collide.
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = encode(decode(eq < 0 ? part : part.substring(0, eq)));
      String value = eq < 0 ? null : encode(decode(part.substring(eq + 1)));
      if (!include.isEmpty() && !include.contains(name)) {
        continue;
      }
      if (exclude.contains(name)) {
        continue;
      }
      params.add(new String[] {name, value});
    }
    // By name only, and stably: repeated parameters keep their order, which applications read
    // (getParameter returns the first; Spring Data applies "sort" in order).
    params.sort(Comparator.comparing(p -> p[0]));
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String[] p : params) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]);
      if (p[1] != null) {
        out.append('=').append(p[1]);
      }
    }
    return out.toString();
  }

  /**
   * Whether {@code rawQuery} (not empty) is its own canonical form when nothing is included or
   * excluded: every character unreserved, {@code &}, or the first {@code =} of a parameter (so
   * nothing to decode or encode), no empty parameter, and the names in non-decreasing order (so
   * the stable sort keeps them).
   * False only means the general path must decide.
   */
  static boolean isCanonical(String rawQuery) {
    int n = rawQuery.length();
    int prevStart = -1;
    int prevEnd = -1;
    int start = 0;
    int nameEnd = -1; // where the current parameter's name ends, once its '=' is seen
    for (int i = 0; i <= n; i++) {
      char c = i < n ? rawQuery.charAt(i) : '&';
      if (c == '&') {
        if (i == start) {
          return false; // an empty parameter, dropped by the general path
        }
        int end = nameEnd >= 0 ? nameEnd : i;
        if (prevStart >= 0 && compare(rawQuery, prevStart, prevEnd, start, end) > 0) {
          return false; // out of order: the general path sorts
        }
        prevStart = start;
        prevEnd = end;
        start = i + 1;
        nameEnd = -1;
      } else if (c == '=') {
        if (nameEnd >= 0) {
          return false; // a '=' inside a value is encoded as %3D
        }
        nameEnd = i;
      } else if (!isUnreserved(c)) {
        return false;
      }
    }
    return true;
  }

  /** {@code String.compareTo} of two regions of {@code s}. */
  private static int compare(String s, int aStart, int aEnd, int bStart, int bEnd) {
    int aLen = aEnd - aStart;
    int bLen = bEnd - bStart;
    for (int k = 0; k < Math.min(aLen, bLen); k++) {
      int d = s.charAt(aStart + k) - s.charAt(bStart + k);
      if (d != 0) {
        return d;
      }
    }
    return aLen - bLen;
  }

  /** RFC 3986 §2.3 unreserved: what {@link #encode} leaves as it is. */
  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  static TreeSet<String> varyNames(List<String> varyHeaders, List<String> storedVary) {
    TreeSet<String> names = new TreeSet<>();
    for (List<String> list : List.of(varyHeaders, storedVary)) {
      for (String element : list) {
        for (String name : element.split(",")) {
          String n = name.trim().toLowerCase(Locale.ROOT);
          if (!n.isEmpty() && !n.equals("*")) {
            names.add(n);
          }
        }
      }
    }
    return names;
  }

  /** Trims and collapses runs of spaces and tabs (RFC 9110 §5.6.3 OWS) into one space. */
  static String normaliseWhitespace(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean space = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void put(StringBuilder key, String text) {
    key.append(text.length()).append(':').append(text);
  }

  private static List<String> canonicalNames(List<String> names) {
    List<String> canonical = new ArrayList<>(names.size());
    for (String name : names) {
      canonical.add(encode(name.getBytes(StandardCharsets.UTF_8)));
    }
    return canonical;
  }

  /** The bytes {@code s} stands for: {@code %XX} escapes and {@code +} decoded, the rest UTF-8. */
  private static byte[] decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int literal = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean escape = c == '%' && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0;
      if (c == '+' || escape) {
        bytes.writeBytes(s.substring(literal, i).getBytes(StandardCharsets.UTF_8));
        if (c == '+') {
          bytes.write(' ');
        } else {
          bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
          i += 2;
        }
        literal = i + 1;
      }
    }
    bytes.writeBytes(s.substring(literal).getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
