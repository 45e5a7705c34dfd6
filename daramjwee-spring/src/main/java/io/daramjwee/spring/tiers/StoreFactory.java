package io.daramjwee.spring.tiers;

import io.daramjwee.Store;
import io.daramjwee.spring.DaramjweeProperties;

/**
 * Builds one backend's store for a tier from that tier's property group
 * ({@code daramjwee.<tier>.<type>}). Each backend's configuration contributes one, only when the
 * backend's library is present; {@link TierSelection} picks among them. Stateless and
 * thread-safe.
 *
 * @param backend the backend the stores are of
 * @param builder builds a store; fails with an exception naming the property at fault
 */
record StoreFactory(StoreBackend backend, Builder builder) {

  Store create(String tier, DaramjweeProperties properties) {
    return builder.create(new PropertyGroup("daramjwee." + tier + "." + backend.type()),
        tier, properties);
  }

  /** A backend's store construction. */
  @FunctionalInterface
  interface Builder {

    /**
     * @param group the property group of the store, to name a bad property
     * @param tier {@code hot}, {@code warm} or {@code cold}
     */
    Store create(PropertyGroup group, String tier, DaramjweeProperties properties);
  }
}
