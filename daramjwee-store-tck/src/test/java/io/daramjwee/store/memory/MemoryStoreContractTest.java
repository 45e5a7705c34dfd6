package io.daramjwee.store.memory;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreContractTest;

/** The store contract in memory: no checksum, nothing kept across a close. */
class MemoryStoreContractTest extends StoreContractTest {

  @Override
  protected Store newStore() {
    return MemoryStore.builder().capacity(64L << 20).build();
  }
}
