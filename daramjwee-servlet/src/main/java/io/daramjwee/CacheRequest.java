package io.daramjwee;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Per-call options of {@link DaramjweeCache#get}: so far, the condition under which the caller
 * already has the entry and wants {@link CacheResponse.Status#NOT_MODIFIED} instead of the body.
 * Immutable.
 */
public final class CacheRequest {

  private static final CacheRequest NONE = new CacheRequest(m -> false);

  private final Predicate<Metadata> notModified;

  private CacheRequest(Predicate<Metadata> notModified) {
    this.notModified = notModified;
  }

  /** An unconditional request. */
  public static CacheRequest none() {
    return NONE;
  }

  /** Not modified when the entry's {@link Metadata#cacheTag()} equals {@code cacheTag}. */
  public static CacheRequest ifNoneMatch(String cacheTag) {
    Objects.requireNonNull(cacheTag, "cacheTag");
    return new CacheRequest(m -> cacheTag.equals(m.cacheTag()));
  }

  /**
   * Not modified when {@code condition} holds for the entry's metadata; the HTTP layer uses it for
   * weak ETag lists and {@code If-Modified-Since}. The condition must be cheap and free of side
   * effects.
   */
  public static CacheRequest notModifiedWhen(Predicate<Metadata> condition) {
    return new CacheRequest(Objects.requireNonNull(condition, "condition"));
  }

  boolean isNotModified(Metadata metadata) {
    return notModified.test(metadata);
  }
}
