package io.daramjwee.store.memory;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.policy.EvictionPolicies;
import io.daramjwee.policy.EvictionPolicy;
import io.daramjwee.policy.LruPolicy;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A heap store bounded by bytes: each entry weighs what it takes of the heap (its body, and an
 * estimate of its key's, metadata's and bookkeeping's objects: {@code HeapWeight}), and a
 * commit that would exceed the capacity first evicts the victims its {@link EvictionPolicy}
 * chooses (least recently used by default). The key being committed is never its own victim; an
 * entry heavier than the whole capacity fails its commit.
 *
 * <pre>{@code
 * Store hot = MemoryStore.builder().capacity(64L << 20).build();
 * }</pre>
 *
 * <p>Entries are immutable and live in a concurrent map, so a hit never waits for a lock and an
 * opened entry keeps its bytes after a replace or delete. Writers buffer their body off the map
 * (in blocks, see {@code BodyBuffer}) and take the store's lock only for the instant of
 * publishing.
 *
 * <p>Thread-safe: any number of threads may read, write and delete concurrently.
 */
public final class MemoryStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(MemoryStore.class);

  private final long capacity;
  private final ConcurrentHashMap<String, MemoryEntry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final EvictionPolicy policy; // guarded by lock
  private volatile long size; // written only under lock

  private MemoryStore(long capacity, EvictionPolicy policy) {
    this.capacity = capacity;
    this.policy = policy;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public StoredEntry getStream(String key) {
    MemoryEntry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    recordHit(key);
    return entry.open();
  }

  @Override
  public Metadata stat(String key) {
    MemoryEntry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    recordHit(key);
    return entry.metadata();
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metadata, "metadata");
    return new MemoryWriter(this, key, metadata, capacity);
  }

  @Override
  public void delete(String key) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      MemoryEntry removed = entries.remove(key);
      if (removed != null) {
        policy.remove(key);
        size -= removed.weight();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The capacity in bytes. */
  public long capacity() {
    return capacity;
  }

  /** Bytes held: the sum of every entry's weight on the heap. Never above the capacity. */
  public long size() {
    return size;
  }

  /** Number of entries held. */
  public int entryCount() {
    return entries.size();
  }

  /** False: entries live in this process's heap. */
  @Override
  public boolean survivesRestart() {
    return false;
  }

  @Override
  public String toString() {
    return "MemoryStore{capacity=" + capacity + ", size=" + size + ", entries=" + entries.size()
        + ", policy=" + policy + "}";
  }

  /**
   * Records a hit for the policy, unless another thread holds the lock. A hit must not queue
   * behind a commit, and losing an occasional touch under contention only makes the policy's
   * recency a little stale (Caffeine drops reads from its full read buffer for the same reason).
   */
  private void recordHit(String key) {
    if (lock.tryLock()) {
      try {
        policy.touch(key);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Makes {@code entry} the value of {@code key}, evicting others until it fits. */
  void publish(String key, MemoryEntry entry) throws IOException {
    long weight = entry.weight();
    if (weight > capacity) {
      throw new IOException("entry of " + weight + " bytes exceeds capacity " + capacity);
    }
    lock.lock();
    try {
      // The old value stays in the map, readable, until the put below replaces it; it leaves
      // the policy first so that it cannot be chosen as a victim of its own replacement.
      MemoryEntry old = entries.get(key);
      if (old != null) {
        policy.remove(key);
        size -= old.weight();
      }
      evictUntilFits(key, weight);
      entries.put(key, entry);
      policy.add(key, weight);
      size += weight;
    } finally {
      lock.unlock();
    }
  }

  private void evictUntilFits(String key, long weight) {
    // A sound policy names each tracked key at most once; one that keeps naming keys the store
    // does not hold would spin here forever, so give up on it after as many tries as there are
    // entries and fall back to evicting arbitrary ones.
    int absentLeft = entries.size() + 1;
    while (size + weight > capacity) {
      String victim = policy.evict();
      if (victim == null || absentLeft == 0) {
        evictWithoutPolicy(key, weight);
        return;
      }
      if (victim.equals(key)) {
        absentLeft--; // not tracked any more; only a misbehaving policy returns it
        continue;
      }
      MemoryEntry removed = entries.remove(victim);
      if (removed != null) {
        size -= removed.weight();
        log.debug("evicted key={} tier=memory bytes={}", victim, removed.weight());
      } else {
        absentLeft--;
      }
    }
  }

  /**
   * Reached only when the policy has no victim although the store holds more than fits, or keeps
   * naming keys the store does not hold: either way it lost track of keys. Evicting arbitrary entries keeps the capacity bound.
   */
  private void evictWithoutPolicy(String key, long weight) {
    log.warn("policy {} has no victim for key={} tier=memory holding {} of {} bytes; evicting"
        + " arbitrary entries", policy, key, size, capacity);
    Iterator<Map.Entry<String, MemoryEntry>> it = entries.entrySet().iterator();
    while (size + weight > capacity && it.hasNext()) {
      Map.Entry<String, MemoryEntry> e = it.next();
      if (!e.getKey().equals(key)) {
        it.remove();
        policy.remove(e.getKey());
        size -= e.getValue().weight();
      }
    }
  }

  /**
   * Configures a {@link MemoryStore}; a rejected setting is an {@link InvalidSettingException}
   * naming it. Not thread-safe.
   */
  public static final class Builder {
    private long capacity = -1;
    private Supplier<? extends EvictionPolicy> policy = LruPolicy::new;

    private Builder() {}

    /** The most bytes of heap its entries take (see {@code HeapWeight}). Required. */
    public Builder capacity(long bytes) {
      if (bytes <= 0) {
        throw new InvalidSettingException("capacity", bytes, "capacity must be positive: " + bytes);
      }
      this.capacity = bytes;
      return this;
    }

    /**
     * The eviction policy by name ({@link EvictionPolicies#NAMES}); default {@code lru}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public Builder policy(String name) {
      try {
        this.policy = EvictionPolicies.supplier(name);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException("policy", name, e.getMessage(), e);
      }
      return this;
    }

    /** A custom eviction policy; the supplier is asked for a new one for every store built. */
    public Builder policy(Supplier<? extends EvictionPolicy> policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** @throws IllegalArgumentException when no capacity was set */
    public MemoryStore build() {
      if (capacity <= 0) {
        throw new InvalidSettingException("capacity", null,
            "capacity is required: set a positive number of bytes");
      }
      // A fresh policy per build: two stores must never share one.
      return new MemoryStore(capacity,
          Objects.requireNonNull(policy.get(), "policy supplier returned null"));
    }
  }
}
