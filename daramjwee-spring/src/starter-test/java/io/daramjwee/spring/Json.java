package io.daramjwee.spring;

import java.util.List;
import java.util.Map;

/**
 * A parsed JSON document, read by JSON Pointer: the shared tests' view of JSON, the same whichever
 * Jackson the Boot generation brings (Jackson 2 on Boot 3.5, Jackson 3 on Boot 4).
 */
public final class Json {

  private static final Object MISSING = new Object();

  private final Object value;

  private Json(Object value) {
    this.value = value;
  }

  /** Parses {@code text} with the Boot generation's Jackson. */
  public static Json parse(String text) {
    return new Json(BootLine.parseJson(text));
  }

  /** The value at {@code pointer} (RFC 6901, without escapes), or a missing one. */
  public Json at(String pointer) {
    Object node = value;
    for (String token : pointer.substring(1).split("/")) {
      if (node instanceof Map<?, ?> map && map.containsKey(token)) {
        node = map.get(token);
      } else if (node instanceof List<?> list && token.matches("\\d+")
          && Integer.parseInt(token) < list.size()) {
        node = list.get(Integer.parseInt(token));
      } else {
        node = MISSING;
      }
    }
    return new Json(node);
  }

  /** The value as text: a string itself, anything else as it prints; missing reads as "". */
  public String text() {
    return value == MISSING || value == null ? "" : value.toString();
  }

  /** The value as a number. */
  public long asLong() {
    return ((Number) value).longValue();
  }

  /** True for a JSON {@code null}; false for a value that is missing. */
  public boolean isNull() {
    return value == null;
  }

  /** True for a JSON number. */
  public boolean isNumber() {
    return value instanceof Number;
  }

  /** The elements of an array. */
  public List<Json> elements() {
    return ((List<?>) value).stream().map(Json::new).toList();
  }
}
