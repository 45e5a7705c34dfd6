package io.daramjwee.purge;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal side of a {@link PurgeLog}: reads its {@link PurgeJournal}, appends the marks the
 * log applies, compacts it now and then to the marks the log keeps, and counts what fails.
 *
 * <p>A journal that cannot be read is read again later, when the log asks ({@link #readWhenDue}):
 * {@link #FIRST_RETRY} after the failure, then twice as long after each further failure, at most
 * {@link #LONGEST_RETRY}. The first failure is logged at ERROR with what it means and what to do;
 * the later ones at DEBUG; every one is counted. Until the journal was read it is never compacted,
 * for a compaction replaces its content with the marks kept since start, and the marks it still
 * holds would be lost for good. Appends go on meanwhile: a later read finds them with the others.
 *
 * <p>Thread-safe: reads, appends and compactions hold one lock; one read runs at a time, and a
 * caller that finds a read running, or none due, goes on at once without touching the journal.
 */
final class JournalKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(JournalKeeper.class);

  /** How long after a failed read the next is due. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  /** The longest wait between two reads of a journal that keeps failing. */
  static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

  /** What an unread journal means for a log of one instance alone, and what to do. */
  private static final String UNREAD_ALONE = "until it is read, entries of tiers that outlive "
      + "the process (file, Ehcache disk, Redis, S3) are not served: the origin answers. Make it "
      + "readable again; or, to give up its purges, move it aside and clear those tiers";
  /** The same for a log that shares its marks over a channel. */
  private static final String UNREAD_SHARED = "the marks will be reconciled from the shared "
      + "log alone; purges taken here while it was unreachable and never published are missing "
      + "until the journal is read. Make it readable again; or, to give up its purges, move it "
      + "aside and clear this instance's tiers that outlive it";

  private final PurgeJournal journal;
  private final Clock clock;
  private final Collection<PurgeMark> live;
  private final ToIntFunction<List<PurgeMark>> merge;
  private final String whileUnread;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean reading = new AtomicBoolean();
  private final Object lock = new Object();
  private volatile boolean read;
  private volatile Instant nextRead = Instant.MIN;
  private Duration backoff = FIRST_RETRY;
  private int failedReads;
  private long appendedSinceCompaction;

  /**
   * A keeper of {@code journal}, not read yet.
   *
   * @param live a live view of the marks the log keeps, what a compaction writes
   * @param merge applies the marks a read found to the log and says how many it applied (the
   *     others were expired or known); called with the lock held
   * @param shared whether the log shares its marks over a channel, which changes what an unread
   *     journal means for it (told in the ERROR of its first failed read)
   */
  JournalKeeper(PurgeJournal journal, Clock clock, Collection<PurgeMark> live,
      ToIntFunction<List<PurgeMark>> merge, boolean shared) {
    this.journal = journal;
    this.clock = clock;
    this.live = live;
    this.merge = merge;
    this.whileUnread = shared ? UNREAD_SHARED : UNREAD_ALONE;
  }

  /**
   * Reads the journal now, hands its marks to the merge, and compacts the journal to what
   * the log keeps then; merging and compacting hold the lock, so no append or compaction falls
   * between them. When the journal cannot be read, the failure is counted and logged and the
   * next read is due after the backoff.
   *
   * @return whether the journal was read
   */
  boolean read() {
    synchronized (lock) {
      List<PurgeMark> marks;
      try {
        marks = journal.load();
      } catch (IOException | RuntimeException e) {
        failed(e);
        return false;
      }
      int applied = merge.applyAsInt(marks);
      read = true;
      if (failedReads == 0) {
        LOG.info("loaded {} purge marks from {} ({} expired or known)", applied,
            journal.describe(), marks.size() - applied);
      } else {
        LOG.warn("loaded {} purge marks from {} ({} expired or known) after {} failed attempts; "
            + "{} kept now", applied, journal.describe(), marks.size() - applied, failedReads,
            live.size());
      }
      compact();
      return true;
    }
  }

  /**
   * {@link #read} when the journal was not read yet, a read is due and none is running; false
   * at once otherwise.
   */
  boolean readWhenDue() {
    if (read || clock.instant().isBefore(nextRead) || !reading.compareAndSet(false, true)) {
      return false;
    }
    try {
      return !read && read();
    } finally {
      reading.set(false);
    }
  }

  /** Whether the journal was read, at start or by a later attempt. */
  boolean wasRead() {
    return read;
  }

  /** Appends {@code mark}; compacts now and then. A failure is logged and counted. */
  void append(PurgeMark mark) {
    synchronized (lock) {
      try {
        journal.append(mark);
        if (++appendedSinceCompaction > 1_000 + 2L * live.size()) {
          compact();
        }
      } catch (IOException | RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn("journaling purge mark {} to {} failed: {}", mark.id(), journal.describe(),
            e.toString());
      }
    }
  }

  /**
   * Replaces the journal's content with the marks kept; nothing before the journal was read. A
   * failure is logged and counted.
   */
  void compact() {
    synchronized (lock) {
      if (!read) {
        return; // the marks the journal still holds are not among those kept: keep them there
      }
      try {
        journal.compact(List.copyOf(live));
        appendedSinceCompaction = 0;
      } catch (IOException | RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn("compacting purge journal {} failed: {}", journal.describe(), e.toString());
      }
    }
  }

  /** Reads, appends and compactions that failed since start. */
  long failures() {
    return failures.get();
  }

  /** The journal's description. */
  String describe() {
    return journal.describe();
  }

  /** Closes the journal. */
  void close() throws IOException {
    journal.close();
  }

  /** The caller holds the lock. */
  private void failed(Exception e) {
    failures.incrementAndGet();
    failedReads++;
    nextRead = clock.instant().plus(backoff);
    if (failedReads == 1) {
      LOG.error("reading purge marks from {} failed: {}; {}; it is read again in {} and then "
          + "less and less often, every {} at most", journal.describe(), e.toString(),
          whileUnread, backoff, LONGEST_RETRY, e);
    } else {
      LOG.debug("reading purge marks from {} failed again ({} attempts): {}", journal.describe(),
          failedReads, e.toString());
    }
    backoff = backoff.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY
        : backoff.multipliedBy(2);
  }
}
