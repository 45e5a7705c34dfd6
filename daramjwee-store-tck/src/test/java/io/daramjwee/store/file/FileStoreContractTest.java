package io.daramjwee.store.file;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract in rename mode, forcing every commit to disk as in production. */
class FileStoreContractTest extends StoreContractTest {

  @TempDir
  Path directory;

  @Override
  protected Store newStore() throws IOException {
    return FileStore.builder().directory(directory).capacity(1L << 30).build();
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.basic()
        .checksummed((store, key) -> EntryFiles.flipBodyByte(((FileStore) store).pathOf(key)))
        .persistent(closed -> newStore());
  }
}
