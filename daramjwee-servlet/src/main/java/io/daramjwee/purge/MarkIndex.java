package io.daramjwee.purge;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The marks as the hit path reads them: per kind, per value, the latest hard and soft instants and
 * how long they are kept. Lookups are map reads; a cache that was never purged answers after one
 * volatile read. Thread-safe.
 */
final class MarkIndex {

  /** The latest marks on one value; {@code null} instants for none. Immutable. */
  private record Times(Instant hard, Instant soft, Instant keepUntil) {

    Times merge(PurgeMark mark) {
      Instant at = mark.at();
      boolean soft = mark.purge().soft();
      return new Times(
          soft ? hard : latest(hard, at),
          soft ? latest(soft(), at) : soft(),
          latest(keepUntil, mark.keepUntil()));
    }

    static Times of(PurgeMark mark) {
      return new Times(null, null, mark.keepUntil()).merge(mark);
    }
  }

  @SuppressWarnings("unchecked")
  private final Map<String, Times>[] byKind = new Map[Purge.Kind.values().length];
  private volatile boolean any;

  MarkIndex() {
    for (int i = 0; i < byKind.length; i++) {
      byKind[i] = new ConcurrentHashMap<>();
    }
  }

  void add(PurgeMark mark) {
    byKind[mark.purge().kind().ordinal()].merge(mark.purge().value(), Times.of(mark),
        (old, added) -> old.merge(mark));
    any = true;
  }

  /** Forgets the values whose every mark is kept no longer than {@code now}. */
  void prune(Instant now) {
    for (Map<String, Times> marks : byKind) {
      marks.values().removeIf(t -> now.isAfter(t.keepUntil()));
    }
  }

  int size() {
    int n = 0;
    for (Map<String, Times> marks : byKind) {
      n += marks.size();
    }
    return n;
  }

  /**
   * The verdict on an entry cached at {@code cachedAt} under {@code key}, of route
   * {@code routeId}, for {@code path}, carrying {@code tags} (space-separated, may be null).
   */
  Verdict judge(String key, String routeId, String path, String tags, Instant cachedAt) {
    if (!any || cachedAt == null) {
      return Verdict.KEEP;
    }
    Instant soft = null;
    Times t;
    if ((t = get(Purge.Kind.KEY, key)) != null) {
      if (covers(t.hard(), cachedAt)) {
        return Verdict.GONE;
      }
      soft = softCover(t, cachedAt, soft);
    }
    if ((t = get(Purge.Kind.ROUTE, routeId)) != null) {
      if (covers(t.hard(), cachedAt)) {
        return Verdict.GONE;
      }
      soft = softCover(t, cachedAt, soft);
    }
    if ((t = get(Purge.Kind.PATH, path)) != null) {
      if (covers(t.hard(), cachedAt)) {
        return Verdict.GONE;
      }
      soft = softCover(t, cachedAt, soft);
    }
    Map<String, Times> tagMarks = byKind[Purge.Kind.TAG.ordinal()];
    if (tags != null && !tagMarks.isEmpty()) {
      int start = 0;
      int n = tags.length();
      while (start < n) {
        int end = tags.indexOf(' ', start);
        if (end < 0) {
          end = n;
        }
        if (end > start && (t = tagMarks.get(tags.substring(start, end))) != null) {
          if (covers(t.hard(), cachedAt)) {
            return Verdict.GONE;
          }
          soft = softCover(t, cachedAt, soft);
        }
        start = end + 1;
      }
    }
    return soft == null ? Verdict.KEEP : Verdict.stale(soft);
  }

  private Times get(Purge.Kind kind, String value) {
    return value == null ? null : byKind[kind.ordinal()].get(value);
  }

  /** An entry cached at the very instant of a mark counts as covered: never let an older through. */
  private static boolean covers(Instant mark, Instant cachedAt) {
    return mark != null && !cachedAt.isAfter(mark);
  }

  /** The earliest soft mark covering the entry so far: it has been stale since then. */
  private static Instant softCover(Times t, Instant cachedAt, Instant soft) {
    if (!covers(t.soft(), cachedAt)) {
      return soft;
    }
    return soft == null || t.soft().isBefore(soft) ? t.soft() : soft;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null || (b != null && b.isAfter(a)) ? b : a;
  }
}
