package io.daramjwee.servlet;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Purges by route and by path, as marks: an entry stored no later than a mark that covers it is
 * no longer served, but fetched again (and the stale entry deleted). An entry stored at the very
 * instant of a mark counts as covered: a purge must never let an older body through, and the cost
 * is at most one more fetch. Marks work for entries in
 * every tier, stored before or after the process started, without listing any store, which S3
 * and Ehcache cannot do cheaply. They are held in memory: after a restart an entry purged before
 * it may be served again until it expires. Path marks are bounded by {@link #MAX_PATHS}; the
 * oldest is forgotten first. Thread-safe; {@link #purged} is a volatile read when nothing was
 * ever purged.
 */
final class Purges {

  /** The most path marks held. */
  static final int MAX_PATHS = 10_000;

  private final Clock clock;
  private final Map<String, Instant> routes = new ConcurrentHashMap<>();
  private final Map<String, Instant> paths = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > MAX_PATHS;
    }
  };
  private volatile boolean any;

  Purges(Clock clock) {
    this.clock = clock;
  }

  void route(String routeId) {
    routes.put(routeId, clock.instant());
    any = true;
  }

  void path(String path) {
    Instant now = clock.instant();
    synchronized (paths) {
      paths.remove(path); // re-inserted last, so a renewed mark is the last to be forgotten
      paths.put(path, now);
    }
    any = true;
  }

  /** Whether an entry of {@code routeId} for {@code path}, stored at {@code cachedAt}, is purged. */
  boolean purged(String routeId, String path, Instant cachedAt) {
    if (!any || cachedAt == null) {
      return false;
    }
    Instant route = routes.get(routeId);
    if (route != null && !cachedAt.isAfter(route)) {
      return true;
    }
    Instant mark;
    synchronized (paths) {
      mark = paths.get(path);
    }
    return mark != null && !cachedAt.isAfter(mark);
  }
}
