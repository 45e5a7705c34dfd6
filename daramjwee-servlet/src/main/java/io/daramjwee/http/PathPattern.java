package io.daramjwee.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ant-style path pattern, as Spring's {@code AntPathMatcher} and {@code PathPattern} read them:
 * {@code ?} matches one character and {@code *} zero or more characters within a segment,
 * {@code {name}} one whole non-empty segment, and {@code **} zero or more whole segments. A
 * trailing {@code /**} also matches the path without it ({@code /docs/**} matches {@code /docs}).
 * Everything else matches literally, case-sensitively. A variable may carry Spring's regex suffix
 * ({@code {id:\d+}}): the name is the part before the colon, and the segment still matches any
 * non-empty text. Immutable and thread-safe.
 */
public final class PathPattern {

  private final String pattern;
  private final Pattern regex;
  private final String prefix; // the literal part before a trailing "/**", else null
  private final boolean literal; // no wildcard at all: matching is equality
  private final List<String> names; // the {name} variables, in order: regex group i + 1 each

  private PathPattern(String pattern, Pattern regex, String prefix, List<String> names) {
    this.pattern = pattern;
    this.regex = regex;
    this.prefix = prefix;
    this.names = List.copyOf(names);
    this.literal = pattern.chars().noneMatch(c -> c == '*' || c == '?' || c == '{');
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException when it does not start with {@code /}, or has an unclosed
   *     {@code {}, or a {@code **} that is not a whole segment
   */
  public static PathPattern compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("path pattern must start with '/': '" + pattern + "'");
    }
    String[] segments = pattern.substring(1).split("/", -1);
    StringBuilder re = new StringBuilder("^");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.equals("**")) {
        // zero or more whole segments, each with its leading slash
        re.append("(?:/[^/]*)*");
        continue;
      }
      if (segment.contains("**")) {
        throw new IllegalArgumentException(
            "'**' must be a whole path segment: '" + pattern + "'");
      }
      re.append('/');
      appendSegment(re, segment, pattern, names);
    }
    re.append('$');
    String prefix = null;
    if (pattern.endsWith("/**")) {
      String head = pattern.substring(0, pattern.length() - 3);
      if (head.chars().noneMatch(c -> c == '*' || c == '?' || c == '{')) {
        prefix = head;
      }
    }
    return new PathPattern(pattern, Pattern.compile(re.toString()), prefix, names);
  }

  private static void appendSegment(StringBuilder re, String segment, String pattern,
      List<String> names) {
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?' || c == '{') {
        if (!literal.isEmpty()) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        if (c == '*') {
          re.append("[^/]*");
        } else if (c == '?') {
          re.append("[^/]");
        } else {
          int close = segment.indexOf('}', i);
          if (close < 0) {
            throw new IllegalArgumentException("unclosed '{' in path pattern: '" + pattern + "'");
          }
          // The only capturing groups: group n holds the n-th variable.
          re.append("([^/]+)");
          String name = segment.substring(i + 1, close);
          int colon = name.indexOf(':');
          names.add(colon < 0 ? name : name.substring(0, colon));
          i = close;
        }
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      re.append(Pattern.quote(literal.toString()));
    }
  }

  /** Whether {@code path} (decoded, starting with {@code /}) matches. */
  public boolean matches(String path) {
    // The two shapes almost every route has, without a regex: they run on every request.
    if (literal) {
      return pattern.equals(path);
    }
    if (prefix != null) {
      return path.startsWith(prefix)
          && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
    return regex.matcher(path).matches();
  }

  /**
   * The values of this pattern's {@code {name}} variables in {@code path}: {@code {id=42}} for
   * {@code /articles/42} under {@code /articles/{id}}; empty for a pattern without variables; and
   * {@code null} when {@code path} does not match. A name used twice takes its last value.
   */
  public Map<String, String> variables(String path) {
    if (names.isEmpty()) {
      return matches(path) ? Map.of() : null;
    }
    Matcher m = regex.matcher(path);
    if (!m.matches()) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), m.group(i + 1));
    }
    return values;
  }

  /**
   * The part of a matching {@code path} after this pattern's literal prefix when the pattern is
   * {@code <literal>/**}: {@code /a/b} for {@code /proxy/a/b} under {@code /proxy/**}, and
   * {@code /} for {@code /proxy} itself; else {@code path} whole.
   */
  public String remainder(String path) {
    if (prefix == null || !path.startsWith(prefix)) {
      return path;
    }
    String rest = path.substring(prefix.length());
    return rest.isEmpty() ? "/" : rest;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
