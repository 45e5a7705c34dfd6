package io.daramjwee.purge;

import java.time.Instant;

/**
 * What the purge marks say of one stored entry: untouched ({@link #KEEP}), purged hard
 * ({@link #GONE}: fetch it again), or purged soft ({@link #stale}: serve it as stale since
 * {@link #staleSince()} while one refresh replaces it). Immutable.
 */
public final class Verdict {

  /** No mark covers the entry. */
  public static final Verdict KEEP = new Verdict(null);
  /** A hard mark covers the entry. */
  public static final Verdict GONE = new Verdict(Instant.MIN);

  private final Instant staleSince;

  private Verdict(Instant staleSince) {
    this.staleSince = staleSince;
  }

  /** Covered by a soft mark taken at {@code since}. */
  public static Verdict stale(Instant since) {
    return new Verdict(java.util.Objects.requireNonNull(since, "since"));
  }

  public boolean keep() {
    return this == KEEP;
  }

  public boolean gone() {
    return this == GONE;
  }

  public boolean stale() {
    return staleSince != null && this != GONE;
  }

  /** When the soft mark that covers the entry was taken; null unless {@link #stale()}. */
  public Instant staleSince() {
    return stale() ? staleSince : null;
  }

  @Override
  public String toString() {
    return keep() ? "keep" : gone() ? "gone" : "stale since " + staleSince;
  }
}
