package io.daramjwee.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One tag template of a route: literal text with {@code {name}} variables, such as
 * {@code article:{id}}, filled per request from the route's URI variables. The literal text is
 * visible ASCII without spaces, checked when parsed; a variable's value is percent-encoded (its
 * UTF-8 bytes outside visible ASCII, and {@code %} itself, become {@code %XX}), so a filled
 * template is always one tag token: {@code article:caf%C3%A9%20bar} for the value
 * {@code café bar}. Immutable and thread-safe.
 */
public final class TagTemplate {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String template;
  private final List<String> literals; // one more than names: text before, between, after
  private final List<String> names;

  private TagTemplate(String template, List<String> literals, List<String> names) {
    this.template = template;
    this.literals = List.copyOf(literals);
    this.names = List.copyOf(names);
  }

  /**
   * Parses {@code template}.
   *
   * @throws IllegalArgumentException naming the template when it is empty, has an unclosed
   *     {@code {}, a {@code }} that closes nothing, an empty or malformed variable name, or literal
   *     text that is not visible ASCII without spaces
   */
  public static TagTemplate parse(String template) {
    Objects.requireNonNull(template, "tag template");
    if (template.isEmpty()) {
      throw new IllegalArgumentException("tag template must not be empty");
    }
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '}') {
        throw invalid(template, "has a '}' that closes no '{'");
      }
      if (c != '{') {
        if (!visible(c)) {
          throw invalid(template, "must be visible ASCII without spaces outside its variables");
        }
        literal.append(c);
        continue;
      }
      int close = template.indexOf('}', i + 1);
      if (close < 0) {
        throw invalid(template, "has an unclosed '{'");
      }
      String name = template.substring(i + 1, close);
      if (name.isEmpty()) {
        throw invalid(template, "has an empty variable name");
      }
      if (!name.chars().allMatch(ch -> visible(ch) && ch != '{')) {
        throw invalid(template, "has a variable name that is not visible ASCII: '" + name + "'");
      }
      literals.add(literal.toString());
      literal.setLength(0);
      names.add(name);
      i = close;
    }
    literals.add(literal.toString());
    return new TagTemplate(template, literals, names);
  }

  /** The template as written. */
  public String template() {
    return template;
  }

  /** The names of its variables, in order; empty for a literal tag. */
  public List<String> variableNames() {
    return names;
  }

  /**
   * The tag for one request: each variable replaced by its value from {@code variables},
   * percent-encoded as the class says; {@code null} when a variable has no value there (null or
   * empty), since a tag missing a part would name the wrong resources.
   */
  public String fill(Function<String, String> variables) {
    if (names.isEmpty()) {
      return template;
    }
    StringBuilder tag = new StringBuilder(template.length() + 16);
    for (int i = 0; i < names.size(); i++) {
      String value = variables.apply(names.get(i));
      if (value == null || value.isEmpty()) {
        return null;
      }
      tag.append(literals.get(i));
      appendEncoded(tag, value);
    }
    return tag.append(literals.get(names.size())).toString();
  }

  /** {@code value}'s UTF-8 bytes, those outside visible ASCII and {@code %} as {@code %XX}. */
  static void appendEncoded(StringBuilder out, String value) {
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = visible(c) && c != '%';
    }
    if (plain) {
      out.append(value);
      return;
    }
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (visible(c) && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }

  /** Visible ASCII (RFC 5234 VCHAR): {@code !} to {@code ~}, no space, no control. */
  static boolean visible(int c) {
    return c > 0x20 && c < 0x7f;
  }

  private static IllegalArgumentException invalid(String template, String why) {
    return new IllegalArgumentException("tag template '" + template + "' " + why);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TagTemplate t && template.equals(t.template);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  @Override
  public String toString() {
    return template;
  }
}
