package io.daramjwee.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON (RFC 8259) reader for tests: objects become {@link Map}s in document order,
 * arrays {@link List}s, numbers {@link Double}s, and {@code true}, {@code false} and {@code null}
 * themselves. It spares a test the JSON library of one Spring Boot generation; it is not fast.
 * Not thread-safe: one instance reads one document.
 */
final class MiniJson {

  private final String text;
  private int at;

  private MiniJson(String text) {
    this.text = text;
  }

  /** Reads {@code text}, which must be one JSON object and nothing else. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    MiniJson reader = new MiniJson(text);
    Object value = reader.value();
    reader.space();
    if (reader.at != text.length()) {
      throw reader.error("text after the document");
    }
    if (!(value instanceof Map)) {
      throw reader.error("the document is not an object");
    }
    return (Map<String, Object>) value;
  }

  private Object value() {
    space();
    char c = peek();
    if (c == '{') {
      return members();
    }
    if (c == '[') {
      return elements();
    }
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (text.startsWith(word, at)) {
        at += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    return number();
  }

  private Map<String, Object> members() {
    Map<String, Object> members = new LinkedHashMap<>();
    expect('{');
    space();
    if (peek() == '}') {
      at++;
      return members;
    }
    do {
      space();
      String name = string();
      space();
      expect(':');
      if (members.put(name, value()) != null) {
        throw error("a second member named " + name);
      }
      space();
    } while (next() == ',');
    at--;
    expect('}');
    return members;
  }

  private List<Object> elements() {
    List<Object> elements = new ArrayList<>();
    expect('[');
    space();
    if (peek() == ']') {
      at++;
      return elements;
    }
    do {
      elements.add(value());
      space();
    } while (next() == ',');
    at--;
    expect(']');
    return elements;
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    for (char c; (c = next()) != '"'; ) {
      if (c < 0x20) {
        throw error("a control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("a short \\u escape");
          }
          out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> throw error("an unknown escape \\" + escape);
      }
    }
    return out.toString();
  }

  private Double number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    try {
      return Double.valueOf(text.substring(start, at));
    } catch (NumberFormatException e) {
      at = start;
      throw error("not a value");
    }
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      at--;
      throw error("expected '" + c + "'");
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("the document ends early");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private IllegalArgumentException error(String what) {
    int line = 1;
    for (int i = 0; i < Math.min(at, text.length()); i++) {
      line += text.charAt(i) == '\n' ? 1 : 0;
    }
    return new IllegalArgumentException("JSON: " + what + " at line " + line);
  }
}
