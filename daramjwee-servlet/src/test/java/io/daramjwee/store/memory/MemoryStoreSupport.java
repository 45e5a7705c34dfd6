package io.daramjwee.store.memory;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.policy.EvictionPolicy;
import io.daramjwee.policy.LruPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@link MemoryStore} tests share: the metadata they store with, the weight an entry of
 * it is charged, helpers that write and look up entries, and a policy that records its calls.
 */
abstract class MemoryStoreSupport {

  static final Metadata MD = Metadata.ofTag("t");

  /**
   * What an entry of a key of up to 8 characters (whose strings all take 48 bytes) and {@link #MD}
   * weighs with a body of this length: one exact array, or none when empty.
   */
  static long weight(int bodyLength) {
    return HeapWeight.of("k", MD, bodyLength, bodyLength == 0 ? 0 : 1);
  }

  static void put(MemoryStore store, String key, int bodyLength) {
    try (StoreWriter writer = store.setWithWriter(key, MD)) {
      writer.write(new byte[bodyLength]);
      writer.commit();
    } catch (IOException e) {
      throw new AssertionError("commit of " + key + " failed", e);
    }
  }

  static List<String> keysPresent(MemoryStore store, String... keys) {
    List<String> present = new ArrayList<>();
    for (String key : keys) {
      if (store.stat(key) != null) {
        present.add(key);
      }
    }
    return present;
  }

  /** An LRU that logs every call, and first offers {@link #ghosts} as victims. */
  static class RecordingPolicy implements EvictionPolicy {
    final List<String> calls = new ArrayList<>();
    final List<String> ghosts = new ArrayList<>();
    private final LruPolicy lru = new LruPolicy();

    @Override
    public void touch(String key) {
      lru.touch(key);
    }

    @Override
    public void add(String key, long size) {
      calls.add("add " + key + " " + size);
      lru.add(key, size);
    }

    @Override
    public void remove(String key) {
      calls.add("remove " + key);
      lru.remove(key);
    }

    @Override
    public String evict() {
      String victim = ghosts.isEmpty() ? lru.evict() : ghosts.remove(0);
      calls.add("evict " + victim);
      return victim;
    }
  }
}
