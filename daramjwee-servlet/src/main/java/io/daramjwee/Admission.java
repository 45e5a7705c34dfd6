package io.daramjwee;

/**
 * Which tiers admit an entry of a given size: each tier has a largest entry it takes (set with
 * {@link DaramjweeBuilder#tierMaxEntrySize}, else {@link DaramjweeBuilder#defaultMaxEntrySize}
 * of its store's capacity), and a value lives in the first tier of its range that admits it (its
 * home). A {@link NullStore} tier admits nothing. Pure and immutable: the limits are fixed when
 * the cache is built. Thread-safe.
 */
final class Admission {

  /**
   * The metadata attribute holding an entry's body length as 19 decimal digits, negative while
   * unknown: written by the HTTP layer ({@code io.daramjwee.http.ResponseEntries.LENGTH}), which
   * the engine may not import, and read here so a stored entry's size is known before its body
   * is read. An entry without it has an unknown length, which admission treats as small until its
   * body says otherwise.
   */
  static final String LENGTH_ATTRIBUTE = "len";

  private final long[] limits; // per tier; -1 for a NullStore tier, Long.MAX_VALUE for no limit

  Admission(long[] limits) {
    this.limits = limits.clone();
  }

  /** The largest entry {@code tier} admits; -1 for a tier that admits nothing. */
  long limit(int tier) {
    return limits[tier];
  }

  /** Whether {@code tier} admits an entry of {@code length} bytes (-1: unknown, so any size). */
  boolean admits(int tier, long length) {
    return limits[tier] >= 0 && length <= limits[tier];
  }

  /**
   * The first tier of {@code [from, to)} that admits {@code length} bytes (-1: unknown), or -1
   * when none does.
   */
  int home(int from, int to, long length) {
    for (int i = from; i < to; i++) {
      if (admits(i, length)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Where a body of unknown length that outgrows {@code tier} can move on: the first tier after
   * it, before {@code to}, that admits more; -1 when there is none.
   */
  int next(int tier, int to) {
    for (int i = tier + 1; i < to; i++) {
      if (limits[i] > limits[tier]) {
        return i;
      }
    }
    return -1;
  }

  /** The body length {@code metadata} records ({@link #LENGTH_ATTRIBUTE}), or -1 when unknown. */
  static long length(Metadata metadata) {
    String value = metadata.attribute(LENGTH_ATTRIBUTE);
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value);
      return length < 0 ? -1 : length;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
