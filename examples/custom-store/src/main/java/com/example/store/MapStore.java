package com.example.store;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A store in a {@link ConcurrentHashMap}: each entry is its metadata and a list of chunks of at
 * most {@value #CHUNK_SIZE} bytes, so no body needs one large array. A writer fills its own chunk
 * list and publishes it with one {@code put} on commit; an entry is never changed after that, so a
 * reader that opened it keeps its bytes whatever happens to the key. No checksum, nothing kept
 * across a restart: the smallest store that keeps the contract.
 *
 * <p>Thread-safe: the map is the only shared state, and each write is one atomic replacement.
 */
public final class MapStore implements Store {

  static final int CHUNK_SIZE = 64 * 1024;

  private record Entry(Metadata metadata, List<byte[]> chunks) {}

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  @Override
  public StoredEntry getStream(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    List<InputStream> streams = new ArrayList<>();
    for (byte[] chunk : entry.chunks()) {
      streams.add(new ByteArrayInputStream(chunk));
    }
    InputStream body = new SequenceInputStream(Collections.enumeration(streams));
    return new StoredEntry(entry.metadata(), body);
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) {
    Objects.requireNonNull(key, "key");
    return new Writer(key, Objects.requireNonNull(metadata, "metadata"));
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public Metadata stat(String key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.metadata();
  }

  /** Buffers one write in chunks of its own; the map sees nothing of it until the commit. */
  private final class Writer extends StoreWriter {

    private final String key;
    private final List<byte[]> chunks = new ArrayList<>();
    private Metadata metadata;
    private byte[] current = new byte[CHUNK_SIZE];
    private int used;

    Writer(String key, Metadata metadata) {
      this.key = key;
      this.metadata = metadata;
    }

    @Override
    protected void doWrite(byte[] b, int off, int len) {
      // Copy: the caller may reuse its buffer as soon as write returns.
      while (len > 0) {
        if (used == CHUNK_SIZE) {
          chunks.add(current);
          current = new byte[CHUNK_SIZE];
          used = 0;
        }
        int n = Math.min(len, CHUNK_SIZE - used);
        System.arraycopy(b, off, current, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    @Override
    protected boolean doAmend(Metadata amended) {
      metadata = amended; // nothing was published yet, so any size of metadata will do
      return true;
    }

    @Override
    protected void doCommit() {
      List<byte[]> body = new ArrayList<>(chunks);
      body.add(Arrays.copyOf(current, used));
      entries.put(key, new Entry(metadata, List.copyOf(body)));
    }

    @Override
    protected void doAbort() {
      // Nothing to release: the map never saw this write's chunks, and they go with the writer.
      // (Touching them here could race a write still running on the writing thread.)
    }
  }
}
