package io.daramjwee.purge;

import java.util.Objects;

/**
 * What a purge names, and how hard it is. A hard purge makes every entry it covers be fetched
 * again, as if it had never been stored; a soft purge makes them stale instead: inside their stale
 * window they are served at once while one refresh per key replaces them, so purging a hot tag
 * does not send every waiting request to the origin at once. Immutable.
 *
 * @param kind what {@code value} names
 * @param value the cache key, path (decoded, inside the application, starting with {@code /}),
 *     route id or tag
 * @param soft whether covered entries become stale rather than gone
 */
public record Purge(Kind kind, String value, boolean soft) {

  /** What a purge names. */
  public enum Kind {
    /** One exact cache key. */
    KEY,
    /** Every entry any route stored for a path: every query, host and variant of it. */
    PATH,
    /** Every entry one route stored. */
    ROUTE,
    /** Every entry that carries a tag, on any route. */
    TAG
  }

  /**
   * Checks the purge.
   *
   * @throws IllegalArgumentException when the value is empty, has a line break, NUL or a lone
   *     surrogate (no key, path, route id or tag has one), is a tag with white space, or is a
   *     path that does not start with {@code /}
   */
  public Purge {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a " + name(kind) + " purge needs a value");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "a " + name(kind) + " to purge has no line break or NUL in it");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("a " + name(kind) + " to purge is well-formed UTF-16:"
            + " a lone surrogate at index " + i);
      }
    }
    if (kind == Kind.TAG && value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a tag has no white space in it (tags are separated by"
          + " spaces): '" + value + "'");
    }
    if (kind == Kind.PATH && !value.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': '" + value + "'");
    }
  }

  /** A hard purge of the cache key {@code key}. */
  public static Purge key(String key) {
    return new Purge(Kind.KEY, key, false);
  }

  /** A hard purge of {@code path}. */
  public static Purge path(String path) {
    return new Purge(Kind.PATH, path, false);
  }

  /** A hard purge of the route {@code routeId}. */
  public static Purge route(String routeId) {
    return new Purge(Kind.ROUTE, routeId, false);
  }

  /** A hard purge of the tag {@code tag}. */
  public static Purge tag(String tag) {
    return new Purge(Kind.TAG, tag, false);
  }

  /** This purge, soft. */
  public Purge asSoft() {
    return new Purge(kind, value, true);
  }

  @Override
  public String toString() {
    return (soft ? "soft " : "") + name(kind) + "=" + value;
  }

  private static String name(Kind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
