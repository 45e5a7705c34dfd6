package io.daramjwee.proxy;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A heap store whose writers accept {@link StoreWriter#amendMetadata}, so a test sees the
 * metadata a fetch's completion produced once the cache published the entry. Small bodies only.
 * Thread-safe.
 */
final class AmendingStore implements Store {

  private record Entry(Metadata metadata, byte[] body) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  @Override
  public StoredEntry getStream(String key) {
    Entry e = entries.get(key);
    return e == null ? null : new StoredEntry(e.metadata(), new ByteArrayInputStream(e.body()));
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) {
    return new StoreWriter() {
      private final ByteArrayOutputStream body = new ByteArrayOutputStream();
      private Metadata published = metadata;

      @Override
      protected void doWrite(byte[] b, int off, int len) {
        body.write(b, off, len);
      }

      @Override
      protected boolean doAmend(Metadata amended) {
        published = amended;
        return true;
      }

      @Override
      protected void doCommit() {
        entries.put(key, new Entry(published, body.toByteArray()));
      }

      @Override
      protected void doAbort() {}
    };
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public Metadata stat(String key) {
    Entry e = entries.get(key);
    return e == null ? null : e.metadata();
  }
}
