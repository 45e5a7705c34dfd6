package io.daramjwee.store.memory;

import io.daramjwee.Store;
import io.daramjwee.StoreContractTest;

class MemoryStoreContractTest extends StoreContractTest {

  @Override
  protected Store newStore() {
    return MemoryStore.builder().capacity(64L << 20).build();
  }
}
