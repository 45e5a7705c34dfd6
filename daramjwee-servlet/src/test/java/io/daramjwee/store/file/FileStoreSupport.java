package io.daramjwee.store.file;

import static io.daramjwee.tck.StoreAssertions.commit;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@link FileStore} tests share: a temp directory, stores on it closed after each test,
 * and helpers that keep each test a few lines.
 */
abstract class FileStoreSupport {

  static final Metadata MD = Metadata.ofTag("t");

  @TempDir
  Path directory;

  private final List<FileStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(FileStore::close);
  }

  /** A new store on {@link #directory}, rebuilt from whatever is there. */
  FileStore open(long capacity) throws IOException {
    return open(FileStore.builder().capacity(capacity));
  }

  /**
   * A new store on {@link #directory}, as {@code builder} configures it otherwise. Stores opened
   * on it before are closed first, as a restarted process finds its predecessor gone and its
   * directory lock released; closing does not abort their open writers, so a "crashed" writer's
   * temp file stays behind just as it would.
   */
  FileStore open(FileStoreBuilder builder) throws IOException {
    opened.forEach(FileStore::close);
    return track(builder.directory(directory).build());
  }

  /** Closes {@code store} after the test. */
  FileStore track(FileStore store) {
    opened.add(store);
    return store;
  }

  /** The bytes an entry of {@code key} with {@link #MD} and a body of this length takes. */
  static long fileLength(String key, int bodyLength) {
    return Frame.headerLength(utf8(key).length, MD.encode().length) + bodyLength
        + Frame.TRAILER_LENGTH;
  }

  static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Commits a body of {@code length} zero bytes under {@link #MD}. */
  static void put(Store store, String key, int length) throws IOException {
    commit(store, key, MD, new byte[length]);
  }

  /** The whole body of {@code key}, or {@code null} when absent. */
  static byte[] read(Store store, String key) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      return entry == null ? null : entry.body().readAllBytes();
    }
  }

  /** Which of {@code keys} the store holds, in order. */
  static List<String> keysPresent(Store store, String... keys) throws IOException {
    List<String> present = new ArrayList<>();
    for (String key : keys) {
      if (store.stat(key) != null) {
        present.add(key);
      }
    }
    return present;
  }

  static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static String hash(String key) {
    return FileNames.hash(utf8(key));
  }
}
