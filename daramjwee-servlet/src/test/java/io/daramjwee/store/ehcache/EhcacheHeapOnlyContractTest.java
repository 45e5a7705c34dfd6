package io.daramjwee.store.ehcache;

import io.daramjwee.Store;
import io.daramjwee.StoreContractTest;

/**
 * The store contract over a heap pool alone, where Ehcache keeps the very arrays the store hands
 * it: proves the store never writes to an array after putting it, nor to one it read.
 */
class EhcacheHeapOnlyContractTest extends StoreContractTest {

  @Override
  protected Store newStore() {
    return EhcacheStore.builder().heapSize(64L << 20).chunkSize(8 * 1024).build();
  }

  @Override
  protected boolean corruptible() {
    return true;
  }

  @Override
  protected void corrupt(Store store, String key) throws Exception {
    EhcacheEntries.flipBodyByte((EhcacheStore) store, key);
  }
}
