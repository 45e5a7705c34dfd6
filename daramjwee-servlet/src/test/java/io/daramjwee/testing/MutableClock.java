package io.daramjwee.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so a scenario that needs an entry to go stale advances time
 * instead of sleeping. Holds whole seconds unless advanced by less, so the {@code ttl} and
 * {@code Age} a cache derives from it are exact. Thread-safe: request threads and the cache's
 * worker read it while a test advances it.
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;

  /**
   * Starts at the current second: servers stamp {@code Date} from the real clock, and a test
   * clock far from it would make the cache's view of those dates unrealistic.
   */
  public MutableClock() {
    this(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forward: " + d);
    }
    now.updateAndGet(t -> t.plus(d));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }
}
