package io.daramjwee;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether an entry found in a tier is fresh, stale but servable while refreshing, or
 * expired. Per-entry durations in {@link Metadata} win over per-tier ones, which win over the
 * cache's. All arithmetic is in saturating nanoseconds so no duration overflows. Immutable.
 */
final class FreshnessPolicy {

  enum State { FRESH, STALE, EXPIRED }

  private final long[] freshNanos;
  private final long[] negativeFreshNanos;
  private final long staleWindowNanos;
  private final long staleIfErrorNanos;

  FreshnessPolicy(Duration[][] perTier, Duration staleWindow, Duration staleIfError) {
    freshNanos = new long[perTier.length];
    negativeFreshNanos = new long[perTier.length];
    for (int i = 0; i < perTier.length; i++) {
      freshNanos[i] = nanos(perTier[i][0]);
      negativeFreshNanos[i] = nanos(perTier[i][1]);
    }
    staleWindowNanos = nanos(staleWindow);
    staleIfErrorNanos = nanos(staleIfError);
  }

  State judge(int tier, Metadata m, Instant now) {
    long age = ageNanos(m, now);
    long fresh = freshNanos(tier, m);
    if (age < fresh) {
      return State.FRESH;
    }
    long stale = m.staleFor() != null ? nanos(m.staleFor()) : staleWindowNanos;
    return age < saturatedAdd(fresh, stale) ? State.STALE : State.EXPIRED;
  }

  /** True while an expired entry may still stand in for a failing origin. */
  boolean servableOnError(int tier, Metadata m, Instant now) {
    long window = m.staleIfError() != null ? nanos(m.staleIfError()) : staleIfErrorNanos;
    return ageNanos(m, now) < saturatedAdd(freshNanos(tier, m), window);
  }

  private long freshNanos(int tier, Metadata m) {
    if (m.freshFor() != null) {
      return nanos(m.freshFor());
    }
    return m.negative() ? negativeFreshNanos[tier] : freshNanos[tier];
  }

  /** Age of the entry; a clock that went backwards gives a negative age, which reads as fresh. */
  private static long ageNanos(Metadata m, Instant now) {
    Instant cachedAt = m.cachedAt();
    long seconds = now.getEpochSecond() - cachedAt.getEpochSecond();
    if (seconds > 9_000_000_000L || seconds < -9_000_000_000L) {
      return seconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + (now.getNano() - cachedAt.getNano());
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
