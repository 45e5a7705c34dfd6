package io.daramjwee.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Vary} header names responses of a resource turned out to carry beyond its route's own
 * vary list, learned from the responses: a later request's key includes their values, so each
 * variant has its own entry (RFC 9111 §4.1).
 *
 * <p>The rule that keeps this safe: a response is stored only under a key that already includes
 * every name its {@code Vary} lists. The first response that reveals a new name is served but not
 * stored; the names are learned and the next request stores under the full key. Forgetting (a
 * restart, or the bound below) therefore only costs one extra origin call, never a wrong variant.
 * Bounded by {@link #MAX_RESOURCES}: when full, it forgets one resource per new one. Thread-safe.
 */
final class VaryIndex {

  static final int MAX_RESOURCES = 10_000;

  private final ConcurrentHashMap<String, List<String>> learned = new ConcurrentHashMap<>();

  /** The names learned for the resource whose route-only key is {@code baseKey}; empty if none. */
  List<String> names(String baseKey) {
    if (learned.isEmpty()) {
      return List.of();
    }
    return learned.getOrDefault(baseKey, List.of());
  }

  /** Adds {@code names} to what is known of {@code baseKey}. */
  void learn(String baseKey, List<String> names) {
    if (learned.size() >= MAX_RESOURCES && !learned.containsKey(baseKey)) {
      // Forget one resource to make room; forgetting costs it one unstored response, no more.
      var it = learned.keySet().iterator();
      if (it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    learned.merge(baseKey, List.copyOf(names), (old, added) -> {
      List<String> merged = new ArrayList<>(old);
      for (String name : added) {
        if (!containsIgnoreCase(merged, name)) {
          merged.add(name);
        }
      }
      return List.copyOf(merged);
    });
  }

  /**
   * The names in {@code varyValues} (the response's {@code Vary} fields, comma-separated lists)
   * missing from {@code keyed}, the names the request's key was built with; {@code *} is not a
   * name (such a response is never stored).
   */
  static List<String> beyond(List<String> varyValues, List<String> keyed) {
    List<String> missing = null;
    for (String value : varyValues) {
      for (String raw : value.split(",")) {
        String name = raw.trim();
        if (name.isEmpty() || name.equals("*") || containsIgnoreCase(keyed, name)
            || (missing != null && containsIgnoreCase(missing, name))) {
          continue;
        }
        if (missing == null) {
          missing = new ArrayList<>();
        }
        missing.add(name.toLowerCase(Locale.ROOT));
      }
    }
    return missing == null ? List.of() : missing;
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    for (String n : names) {
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
