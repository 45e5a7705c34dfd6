package io.daramjwee.store.redis;

import io.daramjwee.policy.EvictionPolicy;
import io.daramjwee.policy.LruPolicy;
import io.daramjwee.store.chunked.ChunkManifest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A {@link RedisStore}'s near cache: copies, in this JVM's heap, of manifests it read lately whose
 * body is inline (the whole entry in one value), so that a repeated hit costs no round trip. Redis
 * itself says when a copy is wrong: with client tracking on ({@link NearCacheTracking}), it sends
 * the store's connection an invalidation for every key the connection read once that key is
 * changed, deleted, expired or evicted. Bounded by bytes, least recently used out first; a copy
 * also never outlives the TTL its key had in Redis when it was read.
 *
 * <p><b>Coherence.</b> A value is kept only if no invalidation of its key can have been missed.
 * The hazard is the classic one: the reply to a read and the invalidation of a change made just
 * after it arrive in that order on one connection, and the event loop may handle the invalidation
 * (finding nothing to remove) before the reading thread puts the value it read, which would then
 * stay, old, until the next change. So every read takes a {@link #stamp} first, before its command
 * is sent, and {@link #put} keeps the value only if the stamp is still current, checked and put
 * under the lock that every invalidation takes to advance the stamp and remove the key. The stamp
 * is the sum of two counters that only grow: an epoch, advanced whenever everything is dropped
 * (tracking off, a flush), and a counter of invalidations per stripe of keys (1024 stripes by the
 * name's hash; an invalidation of another key in the same stripe only wastes one read). An
 * invalidation that concerns the value read was sent by Redis after the read's reply, so it is
 * handled after the stamp was taken, and either it comes before the put (the stamp moved: the value
 * is not kept) or after (it removes the value). Since the check and the put are one step under the
 * lock, no thread ever sees a value whose invalidation was handled before.
 *
 * <p><b>Tracking off.</b> Redis tracks keys per connection, so while the connection is down (and
 * after a reconnect until tracking is on again) invalidations can be missed: {@link #disable} drops
 * everything and makes the epoch odd, which makes every stamp {@link #OFF} (reads then go to Redis
 * and are not kept), and {@link #enable} makes it even again once Redis confirmed tracking on the
 * new connection, but only if nothing was dropped in between. A read whose command was sent before
 * a disconnect and answered after the reconnect carries the old epoch, so it is not kept.
 *
 * <p><b>A silent connection.</b> Invalidations only arrive while the connection carries them. One
 * that breaks without closing (a network path that drops packets, a stalled server) keeps the
 * near cache on while nothing arrives, so copies are served only on a lease: for one lease after
 * the send time of the latest command this connection had answered ({@link #answered}), since
 * Redis wrote every invalidation it owed before that answer, on the same connection, ahead of it.
 * Any read, write or delete of the store renews it, and a hit past half the lease has one
 * {@code PING} sent, without waiting for it, so that under steady hits the lease does not lapse
 * (every reader in that instant would go to Redis at once); once it lapses, the next read goes to
 * Redis and its answer renews it for every copy (if Redis does not answer, the stall guard takes
 * over and nothing is served near). So a change made while the connection is silent is served at
 * most a lease late.
 *
 * <p>Thread-safe. A hit reads a concurrent map and takes no lock (its recency is recorded only
 * when the lock is free, as the memory store does); puts, invalidations and evictions take one
 * short lock.
 */
final class NearCache {

  /** What {@link #stamp} returns while values read cannot be kept. */
  static final long OFF = -1;
  /**
   * What an entry is charged beyond its manifest's bytes: its name (twice, in the map and the
   * policy), the map and policy nodes, the decoded manifest and its metadata. An estimate.
   */
  static final int ENTRY_OVERHEAD = 256;
  private static final int STRIPES = 1024;

  private final long budget;
  private final long leaseNanos;
  private final LongSupplier nanoTime;
  /** The send time of the latest command answered on the connection (nanoTime). */
  private final AtomicLong answeredSince;
  private final AtomicBoolean renewing = new AtomicBoolean();
  private volatile Runnable renewal; // null: only commands renew the lease
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  /** Invalidations per stripe of names; advanced only under the lock. */
  private final AtomicLongArray invalidated = new AtomicLongArray(STRIPES);
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private EvictionPolicy policy = new LruPolicy(); // guarded by lock
  /** Odd while values cannot be kept (tracking off); advanced only under the lock. */
  private volatile long epoch = 1;
  // Written only under the lock; volatile so that stats() reads them without it.
  private volatile long bytes;
  private volatile long invalidations;
  private volatile long flushes;
  private volatile long evictions;
  private volatile long expirations;
  private volatile long notKept;

  /**
   * A near cache of at most {@code budget} bytes that serves copies for {@code lease} after the
   * connection last answered, with deadlines on {@code nanoTime}.
   */
  NearCache(long budget, Duration lease, LongSupplier nanoTime) {
    this.budget = budget;
    this.leaseNanos = lease.toNanos();
    this.nanoTime = nanoTime;
    this.answeredSince = new AtomicLong(nanoTime.getAsLong() - leaseNanos); // lapsed
  }

  /** The clock deadlines are on: take the time a read is sent from here. */
  long nanoTime() {
    return nanoTime.getAsLong();
  }

  /**
   * The copy of {@code name}'s manifest, or null when there is none or it is past its deadline
   * (then it is dropped).
   */
  ChunkManifest get(String name) {
    Entry entry = entries.get(name);
    if (entry == null) {
      misses.increment();
      return null;
    }
    long now = nanoTime.getAsLong();
    if (now - entry.deadline >= 0) {
      expire(name, entry);
      misses.increment();
      return null;
    }
    long since = now - answeredSince.get();
    if (since >= leaseNanos) { // kept: the read this causes renews the lease
      misses.increment();
      return null;
    }
    if (since >= leaseNanos / 2 && renewal != null && renewing.compareAndSet(false, true)) {
      renew();
    }
    if (lock.tryLock()) { // a hit never queues behind a put or an invalidation
      try {
        policy.touch(name);
      } finally {
        lock.unlock();
      }
    }
    hits.increment();
    return entry.manifest;
  }

  /**
   * The connection answered a command sent at {@code sentAt} ({@link #nanoTime()}): every
   * invalidation Redis owed before then has been handled, so copies may be served for a lease from
   * then.
   */
  void answered(long sentAt) {
    long since = answeredSince.get();
    while (sentAt - since > 0 && !answeredSince.compareAndSet(since, sentAt)) {
      since = answeredSince.get();
    }
  }

  /**
   * Has {@code renewal} send a command, not waiting for it, when half the lease has passed at a
   * hit; it must report its outcome to {@link #renewed} (one renewal is in flight at a time).
   */
  void renewLeaseWith(Runnable renewal) {
    this.renewal = renewal;
  }

  /** The renewal's command was answered (it was sent at {@code sentAt}), or failed. */
  void renewed(long sentAt, boolean answered) {
    if (answered) {
      answered(sentAt);
    }
    renewing.set(false);
  }

  /**
   * To be taken before the command reading {@code name} is sent, and handed to {@link #put}:
   * {@link #OFF} while values read cannot be kept.
   */
  long stamp(String name) {
    long e = epoch; // first: an epoch moved after this is not in the sum, so the put is refused
    if ((e & 1) != 0) {
      return OFF;
    }
    return e + invalidated.get(stripe(name));
  }

  /**
   * Keeps {@code manifest}, read as {@code name}'s value under {@code stamp}, until
   * {@code deadline} ({@link #nanoTime()}), unless an invalidation of {@code name} or a flush was
   * handled since the stamp was taken, the body is not inline, or it weighs more than the budget.
   * Evicts the least recently used copies to make room.
   */
  void put(String name, ChunkManifest manifest, long stamp, long deadline) {
    if (stamp == OFF || !manifest.isInline()) {
      return;
    }
    long weight = manifest.raw().length + 2L * name.length() + ENTRY_OVERHEAD;
    if (weight > budget) {
      return;
    }
    Entry entry = new Entry(manifest, weight, deadline);
    lock.lock();
    try {
      if (epoch + invalidated.get(stripe(name)) != stamp) {
        notKept++;
        return;
      }
      Entry old = entries.get(name);
      if (old != null) { // out of the policy first, so it is not its own replacement's victim
        policy.remove(name);
        bytes -= old.weight;
      }
      while (bytes + weight > budget) {
        String victim = policy.evict();
        if (victim == null) {
          break; // nothing else is held: bytes is 0 and the entry fits
        }
        Entry evicted = entries.remove(victim);
        if (evicted != null) {
          bytes -= evicted.weight;
          evictions++;
        }
      }
      entries.put(name, entry);
      policy.add(name, weight);
      bytes += weight;
    } finally {
      lock.unlock();
    }
  }

  /** Redis says {@code name} changed: drops its copy, and any read of it in flight is not kept. */
  void invalidate(String name) {
    lock.lock();
    try {
      invalidations++;
      forget(name);
    } finally {
      lock.unlock();
    }
  }

  /**
   * This store changed {@code name} in Redis (a write, a delete): drops its copy at once, before
   * Redis's invalidation arrives, and any read of it in flight is not kept.
   */
  void written(String name) {
    lock.lock();
    try {
      forget(name);
    } finally {
      lock.unlock();
    }
  }

  /** Redis says every key may have changed (a flush of the database): drops everything. */
  void invalidateAll() {
    lock.lock();
    try {
      epoch += 2; // the parity, whether values can be kept, stays
      clear(true);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Invalidations can be missed from now on (the connection dropped, or is new and not tracked
   * yet): drops everything and keeps nothing read until {@link #enable} with the epoch returned.
   *
   * @return the epoch to hand to {@link #enable} once tracking is on again
   */
  long disable() {
    lock.lock();
    try {
      boolean on = (epoch & 1) == 0;
      epoch += on ? 1 : 2; // a new odd epoch, so that an earlier enable cannot match it
      clear(on);
      return epoch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tracking is on again, as it was asked after {@link #disable} returned {@code epoch}: values
   * read from now on may be kept, unless the near cache was disabled again meanwhile.
   *
   * @return whether values may be kept now
   */
  boolean enable(long epoch) {
    lock.lock();
    try {
      if (this.epoch != epoch) {
        return false;
      }
      this.epoch = epoch + 1;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The counters and size now; each figure is exact, the set not a single snapshot. */
  NearCacheStats stats() {
    return new NearCacheStats(budget, (epoch & 1) == 0, entries.size(), bytes, hits.sum(),
        misses.sum(), invalidations, flushes, notKept, evictions, expirations);
  }

  private void renew() {
    try {
      renewal.run();
    } catch (RuntimeException e) { // it could not even be sent: the next hit past half tries again
      renewing.set(false);
    }
  }

  private void expire(String name, Entry entry) {
    lock.lock();
    try {
      if (entries.remove(name, entry)) {
        policy.remove(name);
        bytes -= entry.weight;
        expirations++;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: reads of {@code name} in flight are not kept, and its copy is dropped. */
  private void forget(String name) {
    invalidated.incrementAndGet(stripe(name));
    Entry removed = entries.remove(name);
    if (removed != null) {
      policy.remove(name);
      bytes -= removed.weight;
    }
  }

  /** Under the lock: drops every copy; {@code count} it as a flush (one while on). */
  private void clear(boolean count) {
    entries.clear();
    policy = new LruPolicy();
    bytes = 0;
    if (count) {
      flushes++;
    }
  }

  private static int stripe(String name) {
    int h = name.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  /** A copy: the manifest, what it is charged, and when it must no longer be served. */
  private record Entry(ChunkManifest manifest, long weight, long deadline) {}
}
