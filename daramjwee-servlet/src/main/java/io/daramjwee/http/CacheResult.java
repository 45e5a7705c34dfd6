package io.daramjwee.http;

import java.util.Locale;

/**
 * How the cache answered a request on one of its routes: the result {@link CacheOutcome#decide}
 * counts and the servlet filter's listener hears. The cases follow the {@code Cache-Status} field
 * the filter sends (RFC 9211).
 */
public enum CacheResult {
  /** Served fresh from a tier. */
  HIT,
  /** Served stale from a tier while one refresh runs behind it (stale-while-revalidate). */
  STALE,
  /** A stale entry the origin confirmed with 304, served renewed. */
  REVALIDATED,
  /** A stale entry standing in for an origin that failed (stale-if-error). */
  STALE_IF_ERROR,
  /** Fetched from the origin, and stored when the response allowed it. */
  MISS,
  /** Waited for a concurrent miss on the same key and served its result. */
  COLLAPSED,
  /** Sent to the origin without coalescing: the key's responses recently proved uncacheable. */
  PASS,
  /** Not for the cache: a method other than GET and HEAD, {@code Authorization}, {@code no-store}. */
  BYPASS,
  /** The cache failed (a tier, a corrupt entry) and the origin answered instead. */
  ERROR,
  /** The upstream of a proxy route failed with nothing to stand in; the client got a 502 or 504. */
  UPSTREAM_ERROR;

  private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The lower-case name, such as {@code stale-if-error}, for metric tags. */
  public String tag() {
    return tag;
  }
}
