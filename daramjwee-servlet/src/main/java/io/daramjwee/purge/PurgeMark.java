package io.daramjwee.purge;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A purge as it is recorded and shared: what it names, when it was taken (entries cached at or
 * before {@code at} are covered), until when it is kept (no entry it covers can be served after
 * that), and an id unique across instances, so a mark received twice is applied once. Immutable.
 *
 * <p>{@link #encode()} gives one line of text (no line break), which {@link #decode} reads back
 * exactly; journals and channels store marks in that form.
 *
 * @param id unique across instances and restarts
 * @param purge what is purged, and how hard
 * @param at when it was taken, on the cache's clock
 * @param keepUntil when it may be forgotten
 */
public record PurgeMark(String id, Purge purge, Instant at, Instant keepUntil) {

  private static final String VERSION = "m1";

  public PurgeMark {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(purge, "purge");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(keepUntil, "keepUntil");
    if (id.isEmpty() || id.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException("a mark id is printable ASCII without spaces: '" + id
          + "'");
    }
    if (keepUntil.isBefore(at)) {
      throw new IllegalArgumentException("a mark is kept until " + keepUntil
          + ", before it was taken at " + at);
    }
  }

  /** Whether the mark may be forgotten at {@code now}. */
  public boolean expired(Instant now) {
    return now.isAfter(keepUntil);
  }

  /**
   * This mark as one line: {@code m1 <id> <kind> <hard|soft> <at> <keepUntil> <value>}, the
   * instants in ISO-8601 and the value last, as is (it has no line break).
   */
  public String encode() {
    return VERSION + ' ' + id + ' ' + purge.kind().name() + ' ' + (purge.soft() ? "soft" : "hard")
        + ' ' + at + ' ' + keepUntil + ' ' + purge.value();
  }

  /**
   * Reads {@link #encode()}'s output.
   *
   * @throws IllegalArgumentException when {@code line} is not an encoded mark, saying why
   */
  public static PurgeMark decode(String line) {
    String[] parts = line.split(" ", 7);
    if (parts.length != 7 || !parts[0].equals(VERSION)) {
      throw new IllegalArgumentException("not a purge mark: '" + abbreviate(line) + "'");
    }
    try {
      Purge.Kind kind = Purge.Kind.valueOf(parts[2]);
      boolean soft = switch (parts[3]) {
        case "soft" -> true;
        case "hard" -> false;
        default -> throw new IllegalArgumentException("neither hard nor soft: " + parts[3]);
      };
      return new PurgeMark(parts[1], new Purge(kind, parts[6], soft), Instant.parse(parts[4]),
          Instant.parse(parts[5]));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a purge mark: '" + abbreviate(line) + "': "
          + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }
}
