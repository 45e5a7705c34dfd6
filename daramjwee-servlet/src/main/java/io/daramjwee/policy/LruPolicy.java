package io.daramjwee.policy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Least recently used: {@link #evict()} returns the key that was added or touched longest ago.
 * Every call is O(1).
 *
 * <p>Not thread-safe: the owning store serialises every call, as {@link EvictionPolicy} requires.
 */
public final class LruPolicy implements EvictionPolicy {

  // An access-ordered LinkedHashMap is exactly a hash map threaded on an intrusive doubly-linked
  // list: get() and put() of a present key relink it at the tail (most recent), and the head is
  // the eldest. LRU ignores sizes, so every value is the same placeholder.
  private final LinkedHashMap<String, Boolean> order = new LinkedHashMap<>(16, 0.75f, true);

  @Override
  public void touch(String key) {
    order.get(key);
  }

  @Override
  public void add(String key, long size) {
    order.put(Objects.requireNonNull(key, "key"), Boolean.TRUE);
  }

  @Override
  public void remove(String key) {
    order.remove(key);
  }

  @Override
  public String evict() {
    Iterator<String> eldest = order.keySet().iterator();
    if (!eldest.hasNext()) {
      return null;
    }
    String victim = eldest.next();
    eldest.remove();
    return victim;
  }

  @Override
  public String toString() {
    return "LruPolicy{keys=" + order.size() + "}";
  }
}
