package io.daramjwee.store.ehcache;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract over a heap pool and a persistent disk pool, the production shape: values
 * go through Ehcache's serializers to disk and are faulted back into the heap. Small chunks, so
 * the suite's bodies of a few hundred KiB span many of them.
 */
class EhcacheStoreContractTest extends StoreContractTest {

  @TempDir
  Path directory;

  @Override
  protected Store newStore() {
    return EhcacheStore.builder()
        .heapSize(4L << 20)
        .diskSize(256L << 20)
        .directory(directory)
        .chunkSize(16 * 1024)
        .inlineThreshold(4 * 1024)
        .build();
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.basic()
        .checksummed((store, key) -> EhcacheEntries.flipBodyByte((EhcacheStore) store, key))
        .persistent(closed -> newStore());
  }
}
