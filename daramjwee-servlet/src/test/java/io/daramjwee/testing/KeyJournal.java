package io.daramjwee.testing;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A pass-through over a real store that notes the key of every write the cache starts, so a test
 * can later read those keys from the real store directly (the cache's keys are built from the
 * route, authority and path, which a test would otherwise have to rebuild). Changes nothing of
 * what the store does. Thread-safe.
 */
public final class KeyJournal extends ForwardingStore {

  private final Queue<String> written = new ConcurrentLinkedQueue<>();

  public KeyJournal(Store delegate) {
    super(delegate);
  }

  /** Keys of the writes started, containing {@code fragment}, once each. */
  public List<String> keysWith(String fragment) {
    return written.stream().filter(k -> k.contains(fragment)).distinct().toList();
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
    written.add(key);
    return super.setWithWriter(key, metadata);
  }
}
