package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The secondary key of a stored response that carries {@code Vary} (RFC 9111 §4.1): the request
 * fields its {@code Vary} nominates and the values they had in the request that produced it,
 * kept in the entry's metadata, so a later request is served the entry only when its own values
 * match. Values are compared after combining repeated fields and normalising whitespace, and the
 * order of the {@code Vary} list does not matter; a field absent from the request matches only an
 * entry stored without it. Credentials ({@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie}) are kept only as a SHA-256, like in keys ({@link CacheKeys}).
 *
 * <pre>
 *   "vn"  "accept-language,x-tenant"                 the nominated names, lower case, sorted
 *   "vs"  "h2 15:accept-language =2:ko 8:x-tenant -" their values, as a key's header part
 * </pre>
 *
 * (the selector is written without spaces). An entry without these attributes does not vary and
 * selects every request. Stateless and thread-safe.
 */
public final class VariantSelector {

  /** The attribute naming the nominated fields, comma-separated. */
  public static final String NAMES = "vn";
  /** The attribute holding their values in the request that produced the entry. */
  public static final String SELECTOR = "vs";

  private VariantSelector() {}

  /**
   * The field names {@code varyValues} (the response's {@code Vary} field values) nominate: lower
   * case, sorted, without duplicates and without {@code *} (such a response is never stored).
   */
  public static List<String> nominated(List<String> varyValues) {
    return List.copyOf(CacheKeys.varyNames(List.of(), varyValues));
  }

  /**
   * {@code metadata} with the secondary key of a response whose {@code Vary} field values are
   * {@code varyValues}, read from the request by {@code requestValues} (name to its values,
   * empty or null when absent); {@code metadata} itself when the response does not vary.
   */
  public static Metadata stamp(Metadata metadata, List<String> varyValues,
      Function<String, List<String>> requestValues) {
    Objects.requireNonNull(metadata, "metadata");
    List<String> names = nominated(varyValues);
    if (names.isEmpty()) {
      return metadata;
    }
    return metadata.toBuilder()
        .attribute(NAMES, String.join(",", names))
        .attribute(SELECTOR, selector(names, requestValues))
        .build();
  }

  /** The nominated names stored in {@code metadata}; empty when the entry does not vary. */
  public static List<String> names(Metadata metadata) {
    String names = metadata.attribute(NAMES);
    return names == null || names.isEmpty() ? List.of() : List.of(names.split(","));
  }

  /**
   * Whether {@code metadata} is the variant for a request whose fields {@code requestValues}
   * gives: true when the entry does not vary, else when every nominated field matches.
   */
  public static boolean selects(Metadata metadata, Function<String, List<String>> requestValues) {
    String names = metadata.attribute(NAMES);
    if (names == null) {
      return true;
    }
    String stored = metadata.attribute(SELECTOR);
    return stored != null && stored.equals(selector(names(metadata), requestValues));
  }

  /**
   * The request fields the entry's selector holds, to send again when refreshing it: name to
   * value, absent fields left out; {@code null} when a credential is among them, whose value
   * the entry keeps only as a digest (such an entry cannot be refreshed on its own).
   *
   * @throws IllegalArgumentException when the selector is malformed
   */
  public static Map<String, String> values(Metadata metadata) {
    String selector = metadata.attribute(SELECTOR);
    Map<String, String> values = new LinkedHashMap<>();
    if (selector == null) {
      return values;
    }
    // The count runs into the first name's length ("h1" "15:accept-language"), so it is read
    // as the text it must be: the number of names stored beside it.
    List<String> names = names(metadata);
    String head = "h" + names.size();
    if (!selector.startsWith(head)) {
      throw new IllegalArgumentException("malformed variant selector: " + selector);
    }
    Reader r = new Reader(selector);
    r.skip(head.length());
    for (String expected : names) {
      String name = r.prefixed();
      if (!name.equals(expected)) {
        throw new IllegalArgumentException("malformed variant selector: " + selector);
      }
      char kind = r.next();
      if (kind == '=') {
        values.put(name, r.prefixed());
      } else if (kind == '#') {
        return null;
      } else if (kind != '-') {
        throw new IllegalArgumentException("malformed variant selector: " + selector);
      }
    }
    return values;
  }

  private static String selector(List<String> names, Function<String, List<String>> values) {
    StringBuilder out = new StringBuilder(32 + names.size() * 24);
    CacheKeys.appendHeaders(out, new TreeSet<>(names), values);
    return out.toString();
  }

  /** Reads the length-prefixed parts a selector is written in. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    char next() {
      if (i >= s.length()) {
        throw new IllegalArgumentException("malformed variant selector: " + s);
      }
      return s.charAt(i++);
    }

    void skip(int n) {
      i += n;
    }

    void expect(char c) {
      if (next() != c) {
        throw new IllegalArgumentException("malformed variant selector: " + s);
      }
    }

    int number() {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (start == i || i - start > 9) {
        throw new IllegalArgumentException("malformed variant selector: " + s);
      }
      return Integer.parseInt(s.substring(start, i));
    }

    String prefixed() {
      int length = number();
      expect(':');
      if (i + length > s.length()) {
        throw new IllegalArgumentException("malformed variant selector: " + s);
      }
      String text = s.substring(i, i + length);
      i += length;
      return text;
    }
  }
}
