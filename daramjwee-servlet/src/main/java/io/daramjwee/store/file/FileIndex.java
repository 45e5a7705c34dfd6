package io.daramjwee.store.file;

import io.daramjwee.policy.EvictionPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link FileStore} holds, in memory: each published file's name (the key's hash) and size,
 * the total, and the eviction policy that picks victims when a commit would exceed the capacity
 * or the most entries (which bounds the heap the index itself takes).
 * The index decides; it touches no file. The store deletes the files of the victims it returns.
 *
 * <p>A lookup is a concurrent map read and takes no lock. Every change (and every policy call)
 * happens under one lock, so the total always equals the sum of the map's sizes. That lock is
 * never held while waiting for another, so callers may hold a key's stripe lock around a change.
 *
 * <p>Thread-safe.
 */
final class FileIndex {

  private static final Logger log = LoggerFactory.getLogger(FileIndex.class);

  /**
   * One published file. Compared by identity: a reader remembers the entry it saw, and removes a
   * corrupt file only if that same entry is still the published one, never a newer commit.
   *
   * <p>It also carries what {@link ZeroCopy} knows of this version of the file: when its body was
   * last verified, and the hard link a zero-copy send opens. An entry is <em>retired</em> once it
   * left the index (replaced, deleted, evicted, discarded); it never comes back.
   */
  static final class Entry {
    final long size;
    /** The file as it was when a read last verified its whole body; null when unverified. */
    volatile ZeroCopy.Verified verified;
    /** This version's send link, or null; set under the entry's monitor, read anywhere. */
    volatile Path link;
    /** Whether the entry left the index; set under the entry's monitor. */
    volatile boolean retired;

    Entry(long size) {
      this.size = size;
    }
  }

  private final long capacity;
  private final long maxEntries;
  private final Consumer<Entry> onRetire; // told of every entry that leaves, under the lock
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final EvictionPolicy policy; // guarded by lock
  private volatile long size; // written only under lock

  /**
   * @param onRetire told, under the index's lock, of every entry that leaves the index (it must
   *     be quick and take no lock but the entry's monitor)
   */
  FileIndex(long capacity, long maxEntries, EvictionPolicy policy, Consumer<Entry> onRetire) {
    this.capacity = capacity;
    this.maxEntries = maxEntries;
    this.policy = policy;
    this.onRetire = onRetire;
  }

  Entry get(String name) {
    return entries.get(name);
  }

  /**
   * Records a hit for the policy, unless another thread holds the lock. A hit must not queue
   * behind a commit's eviction, and losing an occasional touch under contention only makes the
   * policy's recency a little stale (Caffeine drops reads from its full read buffer for the same
   * reason).
   */
  void touch(String name) {
    if (lock.tryLock()) {
      try {
        policy.touch(name);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Publishes {@code entry} as {@code name}, replacing its previous entry, after removing the
   * policy's victims until it fits the capacity and the most entries. {@code name} itself is never
   * a victim. The caller has checked that the entry alone fits the capacity.
   *
   * @return the names removed to make room, whose files the caller deletes
   */
  List<String> put(String name, Entry entry) {
    lock.lock();
    try {
      // The previous entry leaves the policy before any eviction, so that it cannot be chosen as
      // a victim of its own replacement.
      Entry old = entries.get(name);
      if (old != null) {
        policy.remove(name);
        size -= old.size;
        onRetire.accept(old);
      }
      List<String> victims = evictUntilFits(name, entry.size, old != null);
      entries.put(name, entry);
      policy.add(name, entry.size);
      size += entry.size;
      return victims;
    } finally {
      lock.unlock();
    }
  }

  /** Removes {@code name}; returns its entry, or {@code null} when it was absent. */
  Entry remove(String name) {
    lock.lock();
    try {
      Entry removed = entries.remove(name);
      if (removed != null) {
        policy.remove(name);
        size -= removed.size;
        onRetire.accept(removed);
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** Removes {@code name} only if {@code expected} is still its entry. */
  boolean remove(String name, Entry expected) {
    lock.lock();
    try {
      if (entries.get(name) != expected) {
        return false;
      }
      remove(name);
      return true;
    } finally {
      lock.unlock();
    }
  }

  long size() {
    return size;
  }

  int count() {
    return entries.size();
  }

  @Override
  public String toString() {
    return "maxEntries=" + maxEntries + ", policy=" + policy;
  }

  /**
   * Whether an entry of {@code incoming} bytes would exceed a bound; {@code replacing} when its
   * name is still in the map with the entry it replaces (already out of the size and the policy).
   */
  private boolean overBounds(long incoming, boolean replacing) {
    return size + incoming > capacity || entries.size() + (replacing ? 0 : 1) > maxEntries;
  }

  private List<String> evictUntilFits(String name, long incoming, boolean replacing) {
    List<String> victims = new ArrayList<>(); // holds no array until the first victim
    // A policy that offers more victims the index does not hold than the index has entries is
    // confused; stop asking it rather than spin (a pitfall of the Go original).
    int absentLeft = entries.size() + 1;
    while (overBounds(incoming, replacing)) {
      String victim = policy.evict();
      if (victim == null || absentLeft == 0) {
        return evictWithoutPolicy(name, incoming, replacing, victims);
      }
      Entry removed = victim.equals(name) ? null : entries.remove(victim);
      if (removed == null) {
        absentLeft--; // not held (or the key being written, which no policy should still track)
        continue;
      }
      size -= removed.size;
      onRetire.accept(removed);
      victims.add(victim);
    }
    return victims;
  }

  /**
   * Reached only when the policy has no victim although the store holds more than fits, which
   * means the policy lost track of files. Evicting arbitrary ones keeps both bounds.
   */
  private List<String> evictWithoutPolicy(String name, long incoming, boolean replacing,
      List<String> victims) {
    log.warn("policy {} has no victim for file={} tier=file holding {} of {} bytes and {} of {}"
        + " entries; evicting arbitrary entries", policy, name, size, capacity, entries.size(),
        maxEntries);
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (overBounds(incoming, replacing) && it.hasNext()) {
      Map.Entry<String, Entry> e = it.next();
      if (!e.getKey().equals(name)) {
        it.remove();
        policy.remove(e.getKey());
        size -= e.getValue().size;
        onRetire.accept(e.getValue());
        victims.add(e.getKey());
      }
    }
    return victims;
  }
}
