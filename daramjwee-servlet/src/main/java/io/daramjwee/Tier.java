package io.daramjwee;

import io.daramjwee.internal.ThrottledLog;
import java.io.IOException;

/**
 * One store in its place in the chain, made fail-open: a read or write that throws is logged
 * (throttled), counted, and reported as "nothing here" so the caller moves on to the next tier or
 * the origin. Deletes still throw, because a delete that silently failed could let the value come
 * back. Built by the engine; the read flow and the {@link Publisher} hold the tiers, and the
 * publisher lends them to the helpers that fill them. Thread-safe if the store is.
 */
final class Tier {

  final int index;
  final Store store;
  final boolean isNull;
  private final Counters counters;
  private final ThrottledLog log;

  Tier(int index, Store store, Counters counters, ThrottledLog log) {
    this.index = index;
    this.store = store;
    this.isNull = store instanceof NullStore;
    this.counters = counters;
    this.log = log;
  }

  /** The entry, or null when absent or when the store failed. */
  StoredEntry open(String key) {
    try {
      return store.getStream(key);
    } catch (IOException | RuntimeException e) {
      failed("get", key, e);
      return null;
    }
  }

  /** The metadata, or null when absent or when the store failed. */
  Metadata stat(String key) {
    try {
      return store.stat(key);
    } catch (IOException | RuntimeException e) {
      failed("stat", key, e);
      return null;
    }
  }

  /** A writer, or null when the store cannot accept the write. */
  StoreWriter writer(String key, Metadata metadata) {
    try {
      return store.setWithWriter(key, metadata);
    } catch (IOException | RuntimeException e) {
      failed("set", key, e);
      return null;
    }
  }

  void delete(String key) throws IOException {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      failed("delete", key, e);
      throw e;
    }
  }

  /** Counts and logs a failure of {@code operation} on this tier. */
  void failed(String operation, String key, Exception e) {
    counters.tierErrors[index].increment();
    log.warn("tier " + index + " " + operation,
        "tier " + index + " (" + store + ") " + operation + " failed for key '" + key + "'", e);
  }

  @Override
  public String toString() {
    return "tier " + index + " (" + store + ")";
  }
}
