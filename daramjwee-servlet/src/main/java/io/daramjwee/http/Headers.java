package io.daramjwee.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * HTTP header fields in the order they arrived: names compare case-insensitively, a name may
 * repeat, and values are kept exactly as given. Immutable and thread-safe; built with
 * {@link #builder()}.
 */
public final class Headers {

  private static final Headers EMPTY = new Headers(List.of());

  private final List<Field> fields;

  private Headers(List<Field> fields) {
    this.fields = fields;
  }

  public static Headers empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Headers of {@code nameValuePairs}: name, value, name, value, ... */
  public static Headers of(String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must pair up: " + nameValuePairs.length
          + " strings given");
    }
    Builder b = builder();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      b.add(nameValuePairs[i], nameValuePairs[i + 1]);
    }
    return b.build();
  }

  /**
   * Whether {@code name} is an RFC 9110 §5.6.2 token, as a field name must be: one or more visible
   * ASCII characters other than the delimiters {@code "(),/:;<=>?@[\]{}}.
   */
  public static boolean isToken(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The first value of {@code name}, or {@code null}. */
  public String first(String name) {
    for (int i = 0; i < fields.size(); i++) { // no iterator: asked several times per request
      Field f = fields.get(i);
      if (f.name.equalsIgnoreCase(name)) {
        return f.value;
      }
    }
    return null;
  }

  /** Every value of {@code name}, in order; empty when absent. */
  public List<String> all(String name) {
    String first = null;
    List<String> values = null;
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (f.name.equalsIgnoreCase(name)) {
        if (first == null) {
          first = f.value; // most fields come once: one small list, made at the end
        } else {
          if (values == null) {
            values = new ArrayList<>(4);
            values.add(first);
          }
          values.add(f.value);
        }
      }
    }
    if (values != null) {
      return Collections.unmodifiableList(values);
    }
    return first == null ? List.of() : List.of(first);
  }

  public boolean contains(String name) {
    return first(name) != null;
  }

  /** Every field, in order. */
  public List<Field> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  /** A copy whose fields pass {@code keep} (by name). */
  public Headers filter(java.util.function.Predicate<String> keep) {
    Builder b = builder();
    for (Field f : fields) {
      if (keep.test(f.name)) {
        b.add(f.name, f.value);
      }
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers && fields.equals(((Headers) o).fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }

  /** One header field. Names keep their case; {@link #equals} compares them case-insensitively. */
  public record Field(String name, String value) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, () -> "value of header " + name);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("header name must not be empty");
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Field f && name.equalsIgnoreCase(f.name) && value.equals(f.value);
    }

    @Override
    public int hashCode() {
      return 31 * name.toLowerCase(Locale.ROOT).hashCode() + value.hashCode();
    }
  }

  /** Collects fields in order. Not thread-safe. */
  public static final class Builder {
    private List<Field> fields = new ArrayList<>();

    private Builder() {}

    public Builder add(String name, String value) {
      fields.add(new Field(name, value));
      return this;
    }

    /** The fields added so far; the builder hands its list over and starts a new one. */
    public Headers build() {
      if (fields.isEmpty()) {
        return EMPTY;
      }
      List<Field> built = fields;
      fields = new ArrayList<>();
      return new Headers(Collections.unmodifiableList(built));
    }
  }
}
