package io.daramjwee.store.ehcache;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@link EhcacheStore} tests share: a temp directory, stores closed after each test, and
 * helpers that keep each test a few lines. Chunks are small ({@link #CHUNK}) so that modest
 * bodies span many of them.
 */
abstract class EhcacheStoreSupport {

  static final int CHUNK = 8 * 1024;
  static final Metadata MD = Metadata.builder().cacheTag("\"t\"").attribute("status", "200")
      .build();

  @TempDir
  Path directory;

  private final List<EhcacheStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(EhcacheStore::close);
  }

  /**
   * A store with a heap and a persistent disk pool on {@link #directory}. Stores opened before are
   * closed first, as a restarted process finds its predecessor gone; closing does not abort their
   * open writers, so a writer "crashed" mid-write leaves its chunks behind just as it would.
   */
  EhcacheStore open() {
    opened.forEach(EhcacheStore::close);
    return track(EhcacheStore.builder().heapSize(1L << 20).diskSize(64L << 20)
        .directory(directory).chunkSize(CHUNK).inlineThreshold(1024).build());
  }

  /** Closes {@code store} after the test. */
  EhcacheStore track(EhcacheStore store) {
    opened.add(store);
    return store;
  }

  static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** The body of {@code key}, read whole, or {@code null} when absent. */
  static byte[] read(Store store, String key) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      return entry == null ? null : entry.body().readAllBytes();
    }
  }

}
