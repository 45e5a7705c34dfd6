package io.daramjwee.spring.tiers;

import io.daramjwee.Store;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;

/**
 * What a store holds, for the stores that count it: daramjwee's memory and file stores. Ehcache
 * keeps its own accounting per pool and S3 would need a listing, so they report nothing. Public
 * for the meters and the actuator endpoint, which read it from their own packages; not an
 * application's API. Immutable.
 *
 * @param capacity the most bytes the store holds
 * @param size the bytes it holds now
 * @param entries the entries it holds now
 */
public record StoreSize(long capacity, long size, int entries) {

  /** Whether {@link #of} knows the size of {@code store}. */
  public static boolean known(Store store) {
    return store instanceof MemoryStore || store instanceof FileStore;
  }

  /** The size of {@code store} now, or {@code null} when it does not count it. */
  public static StoreSize of(Store store) {
    if (store instanceof MemoryStore memory) {
      return new StoreSize(memory.capacity(), memory.size(), memory.entryCount());
    }
    if (store instanceof FileStore file) {
      return new StoreSize(file.capacity(), file.size(), file.entryCount());
    }
    return null;
  }
}
