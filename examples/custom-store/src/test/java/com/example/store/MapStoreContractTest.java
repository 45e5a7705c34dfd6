package com.example.store;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreContractTest;

/** Holds {@link MapStore} to the published store contract: every rule, from one method. */
class MapStoreContractTest extends StoreContractTest {

  @Override
  protected Store newStore() {
    return new MapStore();
  }
}
