package io.daramjwee.servlet;

import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.purge.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The state every request of one {@link DaramjweeFilter} shares and changes: the pass marks, the
 * purge marks, and the secret of its own refresh requests. Each part bounds itself (see
 * {@link PassMarks}, {@link PurgeLog});
 * this type only gives the flows one narrow door to them. Thread-safe.
 */
final class FilterState {

  private final PassMarks passMarks;
  private final PurgeLog purges;
  private final Duration marksKeptFor;
  private final Clock clock;
  private final RefreshToken refreshToken = new RefreshToken();

  FilterState(Duration passFor, Clock clock, PurgeLog purges, Duration marksKeptFor) {
    this.passMarks = new PassMarks(passFor, clock);
    this.purges = purges;
    this.marksKeptFor = marksKeptFor;
    this.clock = clock;
  }

  /** Whether {@code key}'s responses recently proved uncacheable. */
  boolean passMarked(String key) {
    return passMarks.isMarked(key);
  }

  void markPass(String key) {
    passMarks.mark(key);
  }

  void clearPass(String key) {
    passMarks.clear(key);
  }

  /** Takes {@code purge}, kept as long as an entry it covers could be served. */
  void purge(Purge purge) {
    purges.purge(purge, marksKeptFor);
  }

  /** What the purge marks say of an entry; see {@link PurgeLog#judge}. */
  Verdict verdict(String key, String routeId, String path, String tags, Instant cachedAt) {
    return purges.judge(key, routeId, path, tags, cachedAt);
  }

  /** Whether entries of tiers that outlive the process may be served; see {@link PurgeLog}. */
  boolean reconciled() {
    return purges.reconciled();
  }

  Instant now() {
    return clock.instant();
  }

  /** The secret that lets the filter's own refresh through to the controller. */
  RefreshToken refreshToken() {
    return refreshToken;
  }
}
