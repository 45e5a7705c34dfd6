package io.daramjwee.store.ehcache;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ehcache.Cache;
import org.ehcache.config.CacheRuntimeConfiguration;

/**
 * A cache that delegates to a real one but fails the puts whose names {@link #failPuts} matches,
 * as a closed or broken cache would, so tests can fail a commit at a chosen step.
 */
final class FaultyCache implements Cache<String, byte[]> {

  private final Cache<String, byte[]> delegate;
  volatile Predicate<String> failPuts = name -> false;

  FaultyCache(Cache<String, byte[]> delegate) {
    this.delegate = delegate;
  }

  @Override
  public void put(String key, byte[] value) {
    if (failPuts.test(key)) {
      throw new IllegalStateException("injected failure putting " + key);
    }
    delegate.put(key, value);
  }

  @Override
  public byte[] get(String key) {
    return delegate.get(key);
  }

  @Override
  public boolean containsKey(String key) {
    return delegate.containsKey(key);
  }

  @Override
  public void remove(String key) {
    delegate.remove(key);
  }

  @Override
  public Map<String, byte[]> getAll(Set<? extends String> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public void putAll(Map<? extends String, ? extends byte[]> entries) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeAll(Set<? extends String> keys) {
    delegate.removeAll(keys);
  }

  @Override
  public void clear() {
    delegate.clear();
  }

  @Override
  public byte[] putIfAbsent(String key, byte[] value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean remove(String key, byte[] value) {
    return delegate.remove(key, value);
  }

  @Override
  public byte[] replace(String key, byte[] value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean replace(String key, byte[] oldValue, byte[] newValue) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CacheRuntimeConfiguration<String, byte[]> getRuntimeConfiguration() {
    return delegate.getRuntimeConfiguration();
  }

  @Override
  public Iterator<Entry<String, byte[]>> iterator() {
    return delegate.iterator();
  }
}
