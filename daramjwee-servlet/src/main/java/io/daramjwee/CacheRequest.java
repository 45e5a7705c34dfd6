package io.daramjwee;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Per-call options of {@link DaramjweeCache#get} and {@link DaramjweeCache#lookup}, each a cheap,
 * side-effect-free test of an entry's metadata:
 * <ul>
 *   <li>{@link #notModifiedWhen}: the caller already has the entry and wants
 *       {@link CacheResponse.Status#NOT_MODIFIED} instead of the body;
 *   <li>{@link #selecting}: which stored variant of a resource this caller may be served (an HTTP
 *       response's {@code Vary}); another variant is answered as
 *       {@link CacheResponse.Status#OTHER_VARIANT}, or, with {@link #selectingOnly}, is not there
 *       for this call at all;
 *   <li>{@link #requiring}: what this caller accepts of a servable entry (a client's
 *       {@code max-age}); one it refuses is revalidated, as if expired;
 *   <li>{@link #allowingStale}: an expired entry this caller accepts anyway (a client's
 *       {@code max-stale}), served stale.
 * </ul>
 * Immutable; each method returns a new request.
 */
public final class CacheRequest {

  private static final Predicate<Metadata> NEVER = m -> false;
  private static final Predicate<Metadata> ALWAYS = m -> true;
  private static final CacheRequest NONE = new CacheRequest(NEVER, ALWAYS, false, ALWAYS, NEVER);

  private final Predicate<Metadata> notModified;
  private final Predicate<Metadata> selects;
  private final boolean otherVariantAnswers;
  private final Predicate<Metadata> acceptable;
  private final Predicate<Metadata> staleAcceptable;

  private CacheRequest(Predicate<Metadata> notModified, Predicate<Metadata> selects,
      boolean otherVariantAnswers, Predicate<Metadata> acceptable,
      Predicate<Metadata> staleAcceptable) {
    this.notModified = notModified;
    this.selects = selects;
    this.otherVariantAnswers = otherVariantAnswers;
    this.acceptable = acceptable;
    this.staleAcceptable = staleAcceptable;
  }

  /** An unconditional request. */
  public static CacheRequest none() {
    return NONE;
  }

  /** Not modified when the entry's {@link Metadata#cacheTag()} equals {@code cacheTag}. */
  public static CacheRequest ifNoneMatch(String cacheTag) {
    Objects.requireNonNull(cacheTag, "cacheTag");
    return new CacheRequest(m -> cacheTag.equals(m.cacheTag()), ALWAYS, false, ALWAYS, NEVER);
  }

  /**
   * Not modified when {@code condition} holds for the entry's metadata; the HTTP layer uses it for
   * weak ETag lists and {@code If-Modified-Since}. The condition must be cheap and free of side
   * effects.
   */
  public static CacheRequest notModifiedWhen(Predicate<Metadata> condition) {
    return NONE.withNotModified(Objects.requireNonNull(condition, "condition"));
  }

  /** This request, not modified when {@code condition} holds. */
  public CacheRequest withNotModified(Predicate<Metadata> condition) {
    return new CacheRequest(Objects.requireNonNull(condition, "condition"), selects,
        otherVariantAnswers, acceptable, staleAcceptable);
  }

  /**
   * This request, served only an entry that {@code selects} accepts. The first entry found that
   * it refuses (in any tier, or published by a concurrent miss this call waited for) is
   * answered at once as {@link CacheResponse.Status#OTHER_VARIANT}, with its metadata and no body:
   * nothing is served, counted as a hit, refreshed or fetched, and the caller looks again under
   * the key the variant's metadata leads it to. An expired entry it refuses is simply passed
   * over: the miss that follows replaces it.
   */
  public CacheRequest selecting(Predicate<Metadata> selects) {
    return new CacheRequest(notModified, Objects.requireNonNull(selects, "selects"), true,
        acceptable, staleAcceptable);
  }

  /**
   * This request, served only an entry that {@code selects} accepts; an entry it refuses is not
   * there for this call at all (not served, not revalidated, not stood in on error), so a miss
   * follows whose fill replaces it.
   */
  public CacheRequest selectingOnly(Predicate<Metadata> selects) {
    return new CacheRequest(notModified, Objects.requireNonNull(selects, "selects"), false,
        acceptable, staleAcceptable);
  }

  /**
   * This request, accepting a servable (fresh or stale) entry only when {@code acceptable} holds;
   * one it refuses is treated as expired for this call: not served, and revalidated with the
   * origin (the fetcher's previous value, or {@link Lookup#previous()}).
   */
  public CacheRequest requiring(Predicate<Metadata> acceptable) {
    return new CacheRequest(notModified, selects, otherVariantAnswers,
        Objects.requireNonNull(acceptable, "acceptable"), staleAcceptable);
  }

  /**
   * This request, served an expired entry that {@code acceptable} accepts as a stale one
   * ({@link CacheResponse.Source#STALE}, its refresh scheduled) instead of missing.
   */
  public CacheRequest allowingStale(Predicate<Metadata> acceptable) {
    return new CacheRequest(notModified, selects, otherVariantAnswers, this.acceptable,
        Objects.requireNonNull(acceptable, "acceptable"));
  }

  boolean isNotModified(Metadata metadata) {
    return notModified.test(metadata);
  }

  /** Whether the entry is this caller's variant. */
  boolean selects(Metadata metadata) {
    return selects == ALWAYS || selects.test(metadata);
  }

  /** Whether another variant is answered ({@code OTHER_VARIANT}) rather than passed over. */
  boolean answersOtherVariant() {
    return otherVariantAnswers;
  }

  /** Whether this caller accepts a servable entry as it is. */
  boolean accepts(Metadata metadata) {
    return acceptable == ALWAYS || acceptable.test(metadata);
  }

  /** Whether this caller accepts an expired entry as stale. */
  boolean acceptsExpired(Metadata metadata) {
    return staleAcceptable != NEVER && staleAcceptable.test(metadata);
  }
}
