package io.daramjwee;

import java.io.IOException;

/**
 * Reads a value from the origin on a miss or a refresh.
 *
 * <p>Outcomes are values, not exceptions, because misses are hot paths: a body, "not modified"
 * (answering a conditional fetch), "not found" (cached as a negative entry) or a body that must not
 * be stored. An exception means the origin failed; nothing is cached then.
 *
 * <p>Called on a request thread for misses and on a worker thread for refreshes; what a refresh
 * keeps is {@link #detached()}, which must not depend on the state of the request that scheduled
 * it.
 */
@FunctionalInterface
public interface Fetcher {

  /**
   * @param previous metadata of the entry being revalidated (its {@link Metadata#cacheTag()} is the
   *     validator to send, e.g. as {@code If-None-Match}), or {@code null} when there is none
   */
  FetchResult fetch(Metadata previous) throws IOException;

  /**
   * The fetcher a background refresh keeps, asked once on the thread that schedules it, while the
   * request that scheduled it is still being served. A fetcher that reads what it needs of that
   * request only when a refresh is due (most lookups schedule none) takes it here; the default is
   * this fetcher itself.
   */
  default Fetcher detached() {
    return this;
  }
}
