package io.daramjwee.purge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The marks as the hit path reads them: per kind, per value, the latest hard instant, every soft
 * one, and how long they are kept. Lookups are map reads; a cache that was never purged answers
 * after one volatile read. Thread-safe.
 */
final class MarkIndex {

  /** One soft mark on a value. */
  private record Soft(Instant at, Instant keepUntil) {}

  /**
   * The marks on one value: the latest hard instant ({@code null} for none), every soft mark in
   * the order taken, and the longest any is kept. Every soft mark is kept, not only the latest:
   * an entry is stale since the earliest that covers it, so purging a value softly again does not
   * restart the stale window of the entries an earlier soft purge covered. Immutable.
   */
  private record Times(Instant hard, List<Soft> softs, Instant keepUntil) {

    Times merge(PurgeMark mark) {
      Instant keep = latest(keepUntil, mark.keepUntil());
      if (!mark.purge().soft()) {
        return new Times(latest(hard, mark.at()), softs, keep);
      }
      List<Soft> merged = new ArrayList<>(softs.size() + 1);
      merged.addAll(softs);
      merged.add(firstAtOrAfter(mark.at()), new Soft(mark.at(), mark.keepUntil()));
      return new Times(hard, List.copyOf(merged), keep);
    }

    static Times of(PurgeMark mark) {
      return new Times(null, List.of(), mark.keepUntil()).merge(mark);
    }

    /** The earliest soft mark taken at or after {@code cachedAt}, or null for none. */
    Instant earliestSoftCovering(Instant cachedAt) {
      int i = firstAtOrAfter(cachedAt);
      return i < softs.size() ? softs.get(i).at() : null;
    }

    /** Without the soft marks kept no longer than {@code now}: no entry they cover is served. */
    Times withoutSoftsExpired(Instant now) {
      if (softs.stream().noneMatch(s -> now.isAfter(s.keepUntil()))) {
        return this;
      }
      return new Times(hard, softs.stream().filter(s -> !now.isAfter(s.keepUntil())).toList(),
          keepUntil);
    }

    /** The index of the first soft mark taken at or after {@code t}. */
    private int firstAtOrAfter(Instant t) {
      int low = 0;
      int high = softs.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (softs.get(mid).at().isBefore(t)) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
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

  /** Forgets the marks kept no longer than {@code now}. */
  void prune(Instant now) {
    for (Map<String, Times> marks : byKind) {
      marks.values().removeIf(t -> now.isAfter(t.keepUntil()));
      marks.replaceAll((value, t) -> t.withoutSoftsExpired(now));
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

  /**
   * An entry cached at the very instant of a mark counts as covered: never let an older through.
   */
  private static boolean covers(Instant mark, Instant cachedAt) {
    return mark != null && !cachedAt.isAfter(mark);
  }

  /** The earliest soft mark covering the entry so far: it has been stale since then. */
  private static Instant softCover(Times t, Instant cachedAt, Instant soft) {
    Instant earliest = t.earliestSoftCovering(cachedAt);
    if (earliest == null) {
      return soft;
    }
    return soft == null || earliest.isBefore(soft) ? earliest : soft;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null || (b != null && b.isAfter(a)) ? b : a;
  }
}
