package io.daramjwee.policy;

/**
 * Chooses which key a size-bounded store removes next. The store tells the policy what happens
 * ({@link #add}, {@link #touch}, {@link #remove}) and asks it for a victim when over capacity.
 *
 * <p>Not thread-safe: the store serialises every call. Each store needs its own instance. Every
 * method does bounded work: no scan proportional to the number of keys.
 */
public interface EvictionPolicy {

  /** Records a hit on {@code key}. Unknown keys are ignored. */
  void touch(String key);

  /** Records a newly stored {@code key} of {@code size} bytes; re-adding a key replaces it. */
  void add(String key, long size);

  /** Forgets {@code key}. Unknown keys are ignored. */
  void remove(String key);

  /**
   * Chooses a victim and forgets it.
   *
   * @return the key the store must remove, or {@code null} when the policy tracks no key
   */
  String evict();
}
