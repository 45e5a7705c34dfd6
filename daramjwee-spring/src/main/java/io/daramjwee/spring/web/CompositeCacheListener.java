package io.daramjwee.spring.web;

import io.daramjwee.http.CacheResult;
import io.daramjwee.servlet.CacheListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several {@link CacheListener} beans heard as one, in their order. One that throws is logged and
 * the rest still hear the event, as the filter does for a single listener. Thread-safe when its
 * listeners are.
 */
final class CompositeCacheListener implements CacheListener {

  private static final Logger log = LoggerFactory.getLogger(CompositeCacheListener.class);

  private final CacheListener[] listeners;

  private CompositeCacheListener(List<CacheListener> listeners) {
    this.listeners = listeners.toArray(new CacheListener[0]);
  }

  /** {@link CacheListener#NONE} for none, the listener itself for one, else a composite. */
  static CacheListener of(List<CacheListener> listeners) {
    return switch (listeners.size()) {
      case 0 -> CacheListener.NONE;
      case 1 -> listeners.get(0);
      default -> new CompositeCacheListener(listeners);
    };
  }

  @Override
  public void onRequest(String routeId, CacheResult result, int tier) {
    for (CacheListener listener : listeners) {
      try {
        listener.onRequest(routeId, result, tier);
      } catch (RuntimeException e) {
        log.warn("cache listener {} failed: {}", listener, e.toString());
      }
    }
  }

  @Override
  public void onBodySent(String routeId, int tier, long bytes) {
    for (CacheListener listener : listeners) {
      try {
        listener.onBodySent(routeId, tier, bytes);
      } catch (RuntimeException e) {
        log.warn("cache listener {} failed: {}", listener, e.toString());
      }
    }
  }
}
