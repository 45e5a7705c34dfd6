package io.daramjwee.policy;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The built-in eviction policies by name, as configuration spells them. Each call returns a new
 * instance: a policy belongs to one store. Thread-safe.
 */
public final class EvictionPolicies {

  /** Every name {@link #byName} knows, in the order documentation lists them. */
  public static final List<String> NAMES = List.of("lru", "s3-fifo", "sieve");

  private EvictionPolicies() {}

  /**
   * A supplier of new policies called {@code name}, for a store builder: the name is checked now,
   * so a bad one fails where it was configured, and every store built gets its own policy.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Supplier<EvictionPolicy> supplier(String name) {
    byName(name);
    return () -> byName(name);
  }

  /**
   * A new policy called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static EvictionPolicy byName(String name) {
    if (name != null) {
      switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "lru":
          return new LruPolicy();
        case "s3-fifo":
          return new S3FifoPolicy();
        case "sieve":
          return new SievePolicy();
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "unknown eviction policy '" + name + "'; known: " + String.join(", ", NAMES));
  }
}
