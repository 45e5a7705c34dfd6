package io.daramjwee.spring;

import io.daramjwee.spring.DaramjweeProperties.Eviction;
import org.springframework.util.unit.DataSize;

/**
 * daramjwee's memory store. Bound from {@code daramjwee.hot.memory} as part of
 * {@link DaramjweeProperties}; mutable for the binder, and only read once bound.
 */
public class MemoryStoreProperties {

  /**
   * The most heap the store's entries take: bodies, and an estimate of the objects around each
   * (key, metadata, bookkeeping). Left unset, it is lowered when the tiers on the heap (with a
   * file store's index) would take more than half the maximum heap.
   */
  private DataSize capacity = DataSize.ofMegabytes(64);

  /** Which entry goes first when the store is full. */
  private Eviction eviction = Eviction.LRU;

  public DataSize getCapacity() {
    return capacity;
  }

  public void setCapacity(DataSize capacity) {
    this.capacity = capacity;
  }

  public Eviction getEviction() {
    return eviction;
  }

  public void setEviction(Eviction eviction) {
    this.eviction = eviction;
  }
}
