package io.daramjwee.servlet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The state every request of one {@link DaramjweeFilter} shares and changes: the pass marks, the
 * {@code Vary} names learned per resource, the purge marks, and the secret of its own refresh
 * requests. Each part bounds itself (see {@link PassMarks}, {@link VaryIndex}, {@link Purges});
 * this type only gives the flows one narrow door to them. Thread-safe.
 */
final class FilterState {

  private final PassMarks passMarks;
  private final VaryIndex varyIndex = new VaryIndex();
  private final Purges purges;
  private final RefreshToken refreshToken = new RefreshToken();

  FilterState(Duration passFor, Clock clock) {
    this.passMarks = new PassMarks(passFor, clock);
    this.purges = new Purges(clock);
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

  /** Where the learned {@code Vary} names live; {@link KeyedRequest} and fetchers read it. */
  VaryIndex varyIndex() {
    return varyIndex;
  }

  /** Learns {@code names} as more {@code Vary} names of the resource keyed {@code baseKey}. */
  void learnVary(String baseKey, List<String> names) {
    varyIndex.learn(baseKey, names);
  }

  void purgeRoute(String routeId) {
    purges.route(routeId);
  }

  void purgePath(String path) {
    purges.path(path);
  }

  /** Whether an entry of {@code routeId} for {@code path} stored at {@code cachedAt} is purged. */
  boolean purged(String routeId, String path, Instant cachedAt) {
    return purges.purged(routeId, path, cachedAt);
  }

  /** The secret that lets the filter's own refresh through to the controller. */
  RefreshToken refreshToken() {
    return refreshToken;
  }
}
