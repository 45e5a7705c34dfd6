package io.daramjwee.store.ehcache;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;

/**
 * The store contract over a heap pool alone, where Ehcache keeps the very arrays the store hands
 * it: proves the store never writes to an array after putting it, nor to one it read. Checksummed
 * even on the heap, and forgets everything when closed.
 */
class EhcacheHeapOnlyContractTest extends StoreContractTest {

  @Override
  protected Store newStore() {
    return EhcacheStore.builder().heapSize(64L << 20).chunkSize(8 * 1024).build();
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.basic()
        .checksummed((store, key) -> EhcacheEntries.flipBodyByte((EhcacheStore) store, key));
  }
}
