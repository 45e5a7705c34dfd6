package io.daramjwee.store.file;

import io.daramjwee.Store;
import io.daramjwee.tck.StoreCapabilities;
import io.daramjwee.tck.StoreContractTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract in copy mode, which keeps it too, though readers may wait for a copy. */
class FileStoreCopyModeContractTest extends StoreContractTest {

  @TempDir
  Path directory;

  @Override
  protected Store newStore() throws IOException {
    return FileStore.builder().directory(directory).capacity(1L << 30).copyMode(true).build();
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.basic()
        .checksummed((store, key) -> EntryFiles.flipBodyByte(((FileStore) store).pathOf(key)))
        .persistent(closed -> newStore());
  }
}
