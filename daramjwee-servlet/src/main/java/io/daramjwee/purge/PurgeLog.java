package io.daramjwee.purge;

import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The purge marks of one instance: taken here or received from the others, applied at once,
 * written to a {@link PurgeJournal} so they outlive a restart, and shared over a
 * {@link PurgeChannel} so every instance of a cluster applies them. A mark is kept until no entry
 * it covers could still be served, then forgotten; marks are never dropped by count.
 *
 * <p>Failures never fail a purge: a journal that cannot be written is logged and counted (the
 * mark still applies here at once); a channel that cannot be reached leaves the mark unconfirmed,
 * and every unconfirmed mark is published when the channel catches up again (after a reconnect,
 * or after the shared log lost its history).
 *
 * <p>{@link #reconciled()} says whether an entry from a tier that outlives the process may be
 * served: while it is false, such an entry may predate a purge this instance has not heard of.
 * With a channel, it is false until the channel first caught up with the shared log. Without one,
 * it is false while the journal could not be read: the marks it holds are unknown.
 *
 * <p>A journal that cannot be read at start is read again, with a backoff, when the log is next
 * asked (a verdict, a purge, its state) until it is read (see {@link JournalKeeper}); its marks
 * then apply, and in cluster mode are published. With a channel, catching up reconciles the log
 * even while its journal is unread: the shared log holds every mark still in force that reached
 * it (it trims only marks past their time), so only marks this instance took while the shared
 * log was unreachable, and never published before it stopped, can be missing.
 *
 * <p>Thread-safe.
 */
public final class PurgeLog implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(PurgeLog.class);
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(30);
  private final Clock clock;
  private final JournalKeeper journal; // null without a journal
  private final PurgeChannel channel;
  private final String instanceId = newInstanceId();
  private final AtomicLong sequence = new AtomicLong();
  private final MarkIndex index = new MarkIndex();
  /** Every mark kept, by id: what compaction writes and a lost shared log is given again. */
  private final Map<String, PurgeMark> live = new ConcurrentHashMap<>();
  /** Ids of the kept marks the shared log gave back: the others are published at a catch-up. */
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final AtomicLong publishFailures = new AtomicLong();
  /** Whether the channel caught up with the shared log at least once. */
  private volatile boolean caughtUp;
  private volatile boolean connected;
  private volatile Instant nextPrune;
  private volatile Instant nextPublishWarning = Instant.MIN;
  /** Marks of the first read of the shared log wait for its catch-up to be journaled. */
  private volatile boolean unjournaled;

  private PurgeLog(Builder b) {
    this.clock = b.clock;
    this.channel = b.channel;
    this.journal = b.journal == null ? null : new JournalKeeper(b.journal, clock, live.values(),
        this::loaded, channel != null);
    this.nextPrune = clock.instant().plus(PRUNE_EVERY);
    if (journal != null) {
      journal.read();
    }
    if (channel != null) {
      channel.start(new Link());
    }
  }

  /** A builder: no journal, no channel, the system clock, unless set. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Takes {@code purge} now: applied here at once, journaled, and published to the other
   * instances. The mark is kept for {@code keepFor}, the longest any entry it covers could still
   * be served.
   */
  public PurgeMark purge(Purge purge, Duration keepFor) {
    Objects.requireNonNull(purge, "purge");
    if (keepFor.isNegative()) {
      throw new IllegalArgumentException("keepFor must not be negative: " + keepFor);
    }
    Instant at = clock.instant();
    PurgeMark mark = new PurgeMark(instanceId + "-" + sequence.incrementAndGet(), purge, at,
        at.plus(keepFor));
    apply(mark);
    if (channel != null) {
      publish(mark);
    }
    readJournalWhenDue();
    return mark;
  }

  /**
   * What the marks say of an entry; see {@link Verdict}. Cheap when nothing was purged. While the
   * journal is unread, a verdict may read it first (see the class comment).
   */
  public Verdict judge(String key, String routeId, String path, String tags, Instant cachedAt) {
    readJournalWhenDue();
    return index.judge(key, routeId, path, tags, cachedAt);
  }

  /**
   * The clock marks are taken on. The cache that stamps the entries must use the same one, or
   * a mark and an entry are compared across clocks (in a cluster, a clock shared by all).
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Whether entries of tiers that outlive the process may be served (see the class comment).
   * While false, it may read an unread journal first.
   */
  public boolean reconciled() {
    if (settled()) {
      return true;
    }
    readJournalWhenDue();
    return settled();
  }

  /** Whether the channel reads the shared log now; true without a channel. */
  public boolean connected() {
    return channel == null || connected;
  }

  /** Whether marks are shared with the other instances over a channel (cluster mode). */
  public boolean shared() {
    return channel != null;
  }

  /** Whether marks are written to a journal, to outlive a restart. */
  public boolean journaled() {
    return journal != null;
  }

  /**
   * Whether the journal's marks were read, at start or by a later attempt; true without a
   * journal. May read an unread journal first.
   */
  public boolean journalRead() {
    readJournalWhenDue();
    return journal == null || journal.wasRead();
  }

  /** The marks kept. */
  public int marks() {
    pruneWhenDue();
    readJournalWhenDue();
    return live.size();
  }

  /** Marks kept here that the shared log has not confirmed (none without a channel). */
  public int pending() {
    pruneWhenDue();
    readJournalWhenDue();
    return channel == null ? 0 : Math.max(0, live.size() - confirmed.size());
  }

  /**
   * When the oldest mark the shared log has not confirmed was taken, or null when none waits.
   * Reads every kept mark: for health checks, not for requests.
   */
  public Instant oldestPending() {
    if (channel == null) {
      return null;
    }
    return live.values().stream().filter(mark -> !confirmed.contains(mark.id()))
        .map(PurgeMark::at).min(Instant::compareTo).orElse(null);
  }

  /** Journal reads, writes and compactions that failed since start. */
  public long journalFailures() {
    return journal == null ? 0 : journal.failures();
  }

  /** Publishes that failed since start (each is retried). */
  public long publishFailures() {
    return publishFailures.get();
  }

  /** Where the marks are kept and shared, for logs and health. */
  public String describe() {
    return "journal=" + (journal == null ? "none" : journal.describe())
        + ", channel=" + (channel == null ? "none" : channel.describe());
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel != null) {
        channel.close();
      }
    } finally {
      if (journal != null) {
        journal.close();
      }
    }
  }

  // ---- internals ----

  private void apply(PurgeMark mark) {
    apply(mark, true);
  }

  /**
   * Applies {@code mark}; journals it now, or (while the first read of the shared log runs, which
   * may bring tens of thousands of marks, each append forced to disk) at the catch-up, in one
   * compaction.
   */
  private void apply(PurgeMark mark, boolean journalNow) {
    live.put(mark.id(), mark);
    index.add(mark);
    if (journal != null) {
      if (journalNow) {
        journal.append(mark);
      } else {
        unjournaled = true;
      }
    }
    pruneWhenDue();
  }

  private boolean publish(PurgeMark mark) {
    try {
      channel.publish(mark);
      return true;
    } catch (IOException | RuntimeException e) {
      long failures = publishFailures.incrementAndGet();
      Instant now = clock.instant();
      if (now.isAfter(nextPublishWarning)) {
        nextPublishWarning = now.plusSeconds(10);
        LOG.warn("publishing purge mark {} to {} failed ({} failures so far): {}; it applies "
            + "here, and is published again when the log is read again", mark.id(),
            channel.describe(), failures, e.toString());
      }
      channel.resyncSoon(); // the catch-up that follows publishes every unconfirmed mark
      return false;
    }
  }

  /**
   * Applies the marks read from the journal that are still in force and not applied yet, and
   * says how many; called with the journal's lock held, before it is compacted.
   */
  private int loaded(List<PurgeMark> marks) {
    Instant now = clock.instant();
    int applied = 0;
    for (PurgeMark mark : marks) {
      if (!mark.expired(now) && live.putIfAbsent(mark.id(), mark) == null) {
        index.add(mark);
        applied++;
      }
    }
    return applied;
  }

  /**
   * Reads an unread journal when a read is due; in cluster mode, once it was read while
   * connected, publishes what it held that the shared log has not confirmed (otherwise the next
   * catch-up does).
   */
  private void readJournalWhenDue() {
    if (journal != null && journal.readWhenDue() && caughtUp && connected) {
      channel.resyncSoon(); // its catch-up publishes the marks read, off the request's thread
    }
  }

  /** {@link #reconciled()}, without reading anything. */
  private boolean settled() {
    return channel != null ? caughtUp : journal == null || journal.wasRead();
  }

  /** Publishes every kept mark the shared log has not confirmed; stops at the first failure. */
  private void publishUnconfirmed() {
    for (PurgeMark mark : List.copyOf(live.values())) {
      if (!confirmed.contains(mark.id()) && !mark.expired(clock.instant()) && !publish(mark)) {
        return; // disconnected again: the next catch-up retries
      }
    }
  }

  private void pruneWhenDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextPrune)) {
      return;
    }
    nextPrune = now.plus(PRUNE_EVERY);
    live.values().removeIf(m -> m.expired(now));
    confirmed.removeIf(id -> !live.containsKey(id));
    index.prune(now);
  }

  private static String newInstanceId() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * What the channel tells this log, on the channel's thread. Private, so that no caller can
   * claim the log caught up or slip a mark in that no instance took.
   */
  private final class Link implements PurgeChannel.Listener {

    @Override
    public void received(PurgeMark mark) {
      if (mark.expired(clock.instant())) {
        return;
      }
      if (!live.containsKey(mark.id())) {
        apply(mark, caughtUp); // the first read journals its marks at its catch-up, at once
      }
      confirmed.add(mark.id());
    }

    @Override
    public void historyLost() {
      LOG.warn("the shared purge log {} lost its history; the {} marks kept here are published "
          + "again", channel.describe(), live.size());
      confirmed.clear();
    }

    @Override
    public void caughtUp() {
      connected = true;
      if (!caughtUp) {
        LOG.info("purge marks reconciled with {}: {} kept", channel.describe(), live.size());
      }
      caughtUp = true;
      if (unjournaled && journal != null) {
        unjournaled = false;
        journal.compact(); // nothing while the journal is unread: reading it compacts
      }
      publishUnconfirmed();
    }

    @Override
    public void disconnected(Exception cause) {
      if (connected) {
        LOG.warn("purge marks cannot be shared now ({}): purges apply here and are published when "
            + "it returns", cause.toString());
      }
      connected = false;
    }
  }

  /** Configures a {@link PurgeLog}; every part is optional. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private PurgeJournal journal;
    private PurgeChannel channel;

    private Builder() {}

    /** The clock marks are taken on: the one the cache stamps entries with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where marks outlive a restart; none by default (marks live in memory only). */
    public Builder journal(PurgeJournal journal) {
      this.journal = journal;
      return this;
    }

    /** How marks reach the other instances; none by default (one instance). */
    public Builder channel(PurgeChannel channel) {
      this.channel = channel;
      return this;
    }

    /** Loads the journal and starts the channel. */
    public PurgeLog build() {
      return new PurgeLog(this);
    }
  }
}
