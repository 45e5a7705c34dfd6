package io.daramjwee.http;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Ant-style path pattern, as Spring's {@code AntPathMatcher} and {@code PathPattern} read them:
 * {@code ?} matches one character and {@code *} zero or more characters within a segment,
 * {@code {name}} one whole non-empty segment, and {@code **} zero or more whole segments. A
 * trailing {@code /**} also matches the path without it ({@code /docs/**} matches {@code /docs}).
 * Everything else matches literally, case-sensitively. Immutable and thread-safe.
 */
public final class PathPattern {

  private final String pattern;
  private final Pattern regex;
  private final String prefix; // the literal part before a trailing "/**", else null
  private final boolean literal; // no wildcard at all: matching is equality

  private PathPattern(String pattern, Pattern regex, String prefix) {
    this.pattern = pattern;
    this.regex = regex;
    this.prefix = prefix;
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
      appendSegment(re, segment, pattern);
    }
    re.append('$');
    String prefix = null;
    if (pattern.endsWith("/**")) {
      String head = pattern.substring(0, pattern.length() - 3);
      if (head.chars().noneMatch(c -> c == '*' || c == '?' || c == '{')) {
        prefix = head;
      }
    }
    return new PathPattern(pattern, Pattern.compile(re.toString()), prefix);
  }

  private static void appendSegment(StringBuilder re, String segment, String pattern) {
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
          re.append("[^/]+");
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
