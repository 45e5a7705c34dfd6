package io.daramjwee.proxy;

import io.daramjwee.StoreWriter;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.ForwardingStore;

/**
 * A heap store whose writers accept {@link StoreWriter#amendMetadata}, so a test sees the
 * metadata a fetch's completion produced once the cache published the entry. {@link MemoryStore}
 * amends, so this is one with room for the small bodies these tests fetch; it stays a type of its
 * own only so the tests read as what they need. Thread-safe.
 */
final class AmendingStore extends ForwardingStore {

  AmendingStore() {
    super(MemoryStore.builder().capacity(16L << 20).build());
  }
}
