package io.daramjwee.spring;

import java.net.URI;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The checks of the properties' values. Each throws {@link IllegalArgumentException} with the
 * value; {@link PropertiesCheck} turns it into a validation error naming the property, so startup
 * fails saying which setting is wrong and why. Stateless.
 */
final class Check {

  private Check() {}

  static Duration nonNegative(Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("must not be negative: " + value);
    }
    return value;
  }

  /**
   * The longest window of an entry: the HTTP layer's {@code RouteRules.MAX_WINDOW}, repeated
   * because this package may not import that layer (a test keeps the two equal).
   */
  static final Duration MAX_WINDOW = Duration.ofDays(7);

  /** A window of an entry: not negative, at most {@link #MAX_WINDOW}. */
  static Duration window(Duration value) {
    nonNegative(value);
    if (value.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("must be at most " + MAX_WINDOW.toDays() + " days: "
          + value);
    }
    return value;
  }

  static Duration positive(Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("must be positive: " + value);
    }
    return value;
  }

  static DataSize nonNegative(DataSize value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("must not be negative: " + value);
    }
    return value;
  }

  static DataSize positive(DataSize value) {
    if (value == null || value.toBytes() <= 0) {
      throw new IllegalArgumentException("must be positive: " + value);
    }
    return value;
  }

  static int atLeastOne(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("must be at least 1: " + value);
    }
    return value;
  }

  static long entryCount(long value) {
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("must be between 1 and " + Integer.MAX_VALUE + ": "
          + value);
    }
    return value;
  }

  static String notBlank(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("must not be blank: '" + value + "'");
    }
    return value;
  }

  /** An Ant-style path pattern: it starts with a slash. The full syntax is checked when used. */
  static String pathPattern(String value) {
    if (value == null || !value.startsWith("/")) {
      throw new IllegalArgumentException("must be a path pattern starting with '/': '" + value
          + "'");
    }
    return value;
  }

  /**
   * A header name: an RFC 9110 token, such as Surrogate-Key. The filter's builder checks the same
   * ({@code Headers.isToken}); this package stays clear of the HTTP layer, so it says it again.
   */
  static String headerName(String value) {
    boolean token = value != null && !value.isEmpty() && value.chars()
        .allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    if (!token) {
      throw new IllegalArgumentException("must be a header name, such as Surrogate-Key: '" + value
          + "'");
    }
    return value;
  }

  /** An absolute http or https URL with a host. */
  static URI httpUrl(URI value) {
    if (value == null || value.getScheme() == null) {
      throw new IllegalArgumentException(
          "must be an absolute http or https URL, such as http://localhost:8081: '" + value + "'");
    }
    if (!value.getScheme().equalsIgnoreCase("http") && !value.getScheme().equalsIgnoreCase("https")
        || value.getHost() == null) {
      throw new IllegalArgumentException(
          "must be an http or https URL with a host: '" + value + "'");
    }
    return value;
  }
}
