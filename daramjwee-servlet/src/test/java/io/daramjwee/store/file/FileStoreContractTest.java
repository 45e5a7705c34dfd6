package io.daramjwee.store.file;

import io.daramjwee.Store;
import io.daramjwee.StoreContractTest;
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
  protected boolean corruptible() {
    return true;
  }

  @Override
  protected void corrupt(Store store, String key) throws IOException {
    EntryFiles.flipBodyByte(((FileStore) store).pathOf(key));
  }
}
