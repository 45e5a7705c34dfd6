package io.daramjwee.servlet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys whose last response proved uncacheable ({@code Set-Cookie}, {@code private}, a status that
 * is not stored...), remembered for a short time so that the requests after it go straight to the
 * origin instead of queueing behind one another's misses (a "hit-for-pass"). Bounded: when full,
 * expired marks are dropped, and if none had expired a new mark is simply not recorded, which
 * costs only coalescing. Thread-safe.
 */
final class PassMarks {

  static final int MAX_MARKS = 10_000;

  private final ConcurrentHashMap<String, Instant> marks = new ConcurrentHashMap<>();
  private final Duration passFor;
  private final Clock clock;

  PassMarks(Duration passFor, Clock clock) {
    this.passFor = passFor;
    this.clock = clock;
  }

  void mark(String key) {
    if (passFor.isZero()) {
      return;
    }
    Instant now = clock.instant();
    if (marks.size() >= MAX_MARKS) {
      marks.values().removeIf(until -> !until.isAfter(now));
      if (marks.size() >= MAX_MARKS) {
        return;
      }
    }
    marks.put(key, now.plus(passFor));
  }

  boolean isMarked(String key) {
    if (marks.isEmpty()) {
      return false; // the hit path pays one volatile read
    }
    Instant until = marks.get(key);
    if (until == null) {
      return false;
    }
    if (until.isAfter(clock.instant())) {
      return true;
    }
    marks.remove(key, until);
    return false;
  }

  void clear(String key) {
    marks.remove(key);
  }
}
