package io.daramjwee.store.redis;

import io.daramjwee.purge.PurgeChannel;
import io.daramjwee.purge.PurgeMark;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of a {@link RedisPurgeChannel}, run on the channel's reader thread over a
 * connection of its own (a blocked read must not hold up a publish).
 *
 * <p>It syncs, then tails. A sync reads the log's epoch (creating it when absent), reads every
 * entry after the last one it read ({@code XRANGE} in pages; all of them the first time) and
 * tells the listener it {@linkplain PurgeChannel.Listener#caughtUp caught up}. Tailing is
 * {@code XREAD BLOCK} from the last id, so a mark arrives as soon as it is added. Any failure ends
 * tailing: the listener hears {@linkplain PurgeChannel.Listener#disconnected disconnected} once
 * per outage, and syncs are retried with a doubling pause until one succeeds.
 *
 * <p>A dropped connection (Lettuce tells {@link #connectionLost()}) makes it sync again, even
 * when Lettuce replayed the command in flight and no command failed; an idle block ends with a
 * check of the epoch, so a log lost without any disconnect (evicted) is noticed within a block.
 *
 * <p>The log lost history, and is read again from its beginning after
 * {@link PurgeChannel.Listener#historyLost}, when its epoch is not the one read before (the key
 * was lost, and made again), when the last entry read is gone though it is too young to have
 * been trimmed (the server came back empty, the stream alone was evicted, or a failover lost its
 * newest entries), or when an entry carries another epoch. Entries that do not hold a
 * mark are logged and skipped.
 *
 * <p>Confined to its thread but for {@link #stop()}.
 */
final class PurgeStreamReader implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PurgeStreamReader.class);

  /** How long one {@code XREAD} waits for entries. */
  static final Duration BLOCK = Duration.ofSeconds(1);
  /** Entries per {@code XRANGE} page and per {@code XREAD}. */
  private static final int PAGE = 500;
  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long LONGEST_PAUSE_MILLIS = 1_000;

  private final RedisConnection connection;
  private final RedisClusterCommands<String, byte[]> redis;
  private final String streamKey;
  private final String epochKey;
  /** Where publishes keep the longest retention, which bounds what they trim. */
  private final String keepKey;
  private final Supplier<String> newEpoch;
  private final PurgeChannel.Listener listener;
  private final String description;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean running = true;
  /** Set when a connection of the channel dropped: the next turn syncs again. */
  private volatile boolean connectionLost;
  /** Set when a publish failed: sync again, at most once a {@link #BLOCK}. */
  private volatile boolean syncRequested;
  private long lastSyncNanos;

  /** The log's epoch as last read; null before the first sync or after a lost history. */
  private String epoch;
  /** The id of the last entry read; null when none was (read from the beginning). */
  private String lastId;
  /** The id of the first entry read since the log was read from its beginning; null for none. */
  private String firstId;
  private boolean synced;
  private long failingSince; // System.nanoTime() of the outage's first failure; 0 when none

  PurgeStreamReader(RedisConnection connection, String streamKey, String epochKey,
      String keepKey, Supplier<String> newEpoch, PurgeChannel.Listener listener,
      String description) {
    this.connection = connection;
    this.redis = connection.commands();
    this.keepKey = keepKey;
    this.streamKey = streamKey;
    this.epochKey = epochKey;
    this.newEpoch = newEpoch;
    this.listener = listener;
    this.description = description;
  }

  @Override
  public void run() {
    long pause = FIRST_PAUSE_MILLIS;
    while (running) {
      try {
        if (connectionLost) {
          // Lettuce replays a command that was in flight when the connection dropped, so a short
          // outage may never fail one of ours: sync again all the same (a publish may have
          // failed meanwhile, and the server may have come back empty).
          connectionLost = false;
          synced = false;
        } else if (syncRequested && System.nanoTime() - lastSyncNanos >= BLOCK.toNanos()) {
          syncRequested = false;
          synced = false;
        }
        if (synced) {
          tail();
        } else {
          sync();
          pause = FIRST_PAUSE_MILLIS;
        }
      } catch (RuntimeException e) { // RedisException; a command cancelled by close
        if (!running) {
          break;
        }
        failed(e);
        if (pauseFor(pause)) {
          break;
        }
        pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
      }
    }
    log.debug("stopped reading {}", description);
  }

  /** A connection of the channel dropped (called on a Lettuce thread): sync again soon. */
  void connectionLost() {
    connectionLost = true;
  }

  /** A publish failed (called on any thread): sync again within about a {@link #BLOCK}. */
  void syncSoon() {
    syncRequested = true;
  }

  /** Makes {@link #run()} return soon: at once from a pause, after the current command else. */
  void stop() {
    running = false;
    stopping.countDown();
  }

  private void sync() {
    String candidate = newEpoch.get();
    byte[] existing = redis.setGet(epochKey, ascii(candidate), SetArgs.Builder.nx());
    String current = existing == null ? candidate : new String(existing, StandardCharsets.UTF_8);
    if (epoch != null && !epoch.equals(current)) {
      lose("its epoch is " + current + ", not " + epoch + " as before");
    }
    epoch = current;
    if (!historyIntact()) {
      lose("entries read before are gone though they are too young to have been trimmed");
    }
    while (readPage() == PAGE && running) {
      // a full page: there may be more
    }
    synced = true;
    lastSyncNanos = System.nanoTime();
    if (failingSince != 0) {
      log.info("reading {} again after {} ms", description,
          (System.nanoTime() - failingSince) / 1_000_000);
      failingSince = 0;
    }
    tell(listener::caughtUp);
  }

  /** Reads and delivers up to a page of entries after {@link #lastId}; how many there were. */
  private int readPage() {
    Range.Boundary<String> from = lastId == null ? Range.Boundary.unbounded()
        : Range.Boundary.excluding(lastId);
    List<StreamMessage<String, byte[]>> page =
        redis.xrange(streamKey, Range.from(from, Range.Boundary.unbounded()), Limit.from(PAGE));
    for (StreamMessage<String, byte[]> entry : page) {
      deliver(entry);
      read(entry.getId());
    }
    return page.size();
  }

  private void tail() {
    List<StreamMessage<String, byte[]>> entries = redis.xread(
        XReadArgs.Builder.block(BLOCK).count(PAGE),
        XReadArgs.StreamOffset.from(streamKey, lastId == null ? "0-0" : lastId));
    if (entries.isEmpty()) {
      checkEpoch(); // idle for a whole block: a cheap GET notices a log that was lost silently
      return;
    }
    for (StreamMessage<String, byte[]> entry : entries) {
      String entryEpoch = text(entry, "e");
      if (entryEpoch != null && !entryEpoch.equals(epoch)) {
        lose("entry " + entry.getId() + " has epoch " + entryEpoch + ", not " + epoch);
        epoch = null; // the sync that follows takes the log's epoch as it is now
        synced = false;
        return;
      }
      deliver(entry);
      read(entry.getId());
    }
  }

  private void read(String id) {
    lastId = id;
    if (firstId == null) {
      firstId = id;
    }
  }

  /**
   * Syncs again from the beginning when the log's epoch is gone or another than read before, or
   * when the last entry read is gone although nothing older was trimmed (the stream alone was
   * evicted, or a failover to a replica lost its newest entries).
   */
  private void checkEpoch() {
    byte[] current = redis.get(epochKey);
    String now = current == null ? null : new String(current, StandardCharsets.UTF_8);
    if (!Objects.equals(now, epoch)) {
      lose(now == null ? "its epoch is gone" : "its epoch is " + now + ", not " + epoch);
    } else if (!historyIntact()) {
      lose("entries read before are gone though they are too young to have been trimmed");
    } else {
      return;
    }
    epoch = null;
    synced = false;
  }

  /**
   * Whether the stream still holds the first entry this reader read, or trimmed it by age (its
   * first entry is newer, and that one was old enough): only then was nothing lost. Trimming never
   * removes the newest entry, so a stream that is gone, or was made again by a publish after it
   * was evicted, lost what it held.
   */
  private boolean historyIntact() {
    if (firstId == null) {
      return true; // nothing read since the log was read from its beginning
    }
    if (!redis.xrange(streamKey, Range.create(firstId, firstId), Limit.from(1)).isEmpty()) {
      return true;
    }
    List<StreamMessage<String, byte[]>> first =
        redis.xrange(streamKey, Range.unbounded(), Limit.from(1));
    if (!first.isEmpty() && compareIds(first.get(0).getId(), firstId) > 0
        && trimmable(firstId)) {
      firstId = first.get(0).getId(); // trimmed by age, as publishes do
      return true;
    }
    return false;
  }

  /**
   * Whether a publish may have trimmed entry {@code id} by age: it is older than the longest
   * retention the log keeps plus the margin, on the server's clock. A newer entry that is gone
   * was lost (the stream evicted and made again by a publish).
   */
  private boolean trimmable(String id) {
    byte[] keep = redis.get(keepKey);
    if (keep == null) {
      return false; // the retention was lost with it
    }
    List<byte[]> time = connection.time(streamKey); // the clock of the server holding the log
    long nowMillis = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
        + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
    long idMillis = Long.parseUnsignedLong(id.substring(0, id.indexOf('-')));
    return idMillis < nowMillis - Long.parseLong(new String(keep, StandardCharsets.US_ASCII))
        - RedisPurgeChannel.TRIM_MARGIN.toMillis();
  }

  private void lose(String why) {
    log.warn("the purge log {} lost its history ({}); reading it again from its beginning",
        description, why);
    lastId = null;
    firstId = null;
    tell(listener::historyLost);
  }

  private void deliver(StreamMessage<String, byte[]> entry) {
    String line = text(entry, "m");
    PurgeMark mark;
    try {
      mark = PurgeMark.decode(line == null ? "" : line);
    } catch (IllegalArgumentException e) {
      log.warn("skipping entry {} of {}, which holds no purge mark: {}", entry.getId(),
          description, line == null ? "no field m" : e.getMessage());
      return;
    }
    tell(() -> listener.received(mark));
  }

  private void failed(RuntimeException e) {
    synced = false;
    if (failingSince != 0) {
      log.debug("still cannot read {}: {}", description, e.toString());
      return;
    }
    failingSince = System.nanoTime();
    log.warn("cannot read {} ({}); retrying until it answers", description, e.toString());
    tell(() -> listener.disconnected(e));
  }

  /** Waits before the next try; true when stopped meanwhile. */
  private boolean pauseFor(long millis) {
    try {
      return stopping.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // Only stop() ends this thread, which is the channel's own; the interrupt is spent here.
      return !running;
    }
  }

  /** Calls the listener; its failure is its own, logged, and neither stops nor fails reading. */
  private void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.error("the purge listener of {} failed", description, e);
    }
  }

  private static String text(StreamMessage<String, byte[]> entry, String field) {
    byte[] value = entry.getBody() == null ? null : entry.getBody().get(field);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** Orders stream ids, {@code <ms>-<seq>}, both unsigned 64-bit numbers. */
  static int compareIds(String a, String b) {
    int da = a.indexOf('-');
    int db = b.indexOf('-');
    int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, da)),
        Long.parseUnsignedLong(b.substring(0, db)));
    return byTime != 0 ? byTime : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(da + 1)),
        Long.parseUnsignedLong(b.substring(db + 1)));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
