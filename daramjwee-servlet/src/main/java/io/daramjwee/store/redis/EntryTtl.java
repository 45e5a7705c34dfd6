package io.daramjwee.store.redis;

import io.daramjwee.Metadata;
import java.time.Duration;

/**
 * How long Redis keeps an entry: as long as the cache could still serve it, so Redis reclaims the
 * space of expired entries by itself. That is its fresh lifetime plus the longer of its stale and
 * stale-if-error windows, from the metadata. Where the metadata leaves a part to the cache's own
 * defaults (no fresh lifetime, or no stale or stale-if-error window), which a store does not know,
 * the entry lives at least the store's default TTL. Never more than the store's maximum, never
 * less than a second (nor the maximum, if that is shorter). Stateless.
 *
 * <p>An entry with no lifetime at all (fresh for zero, both windows zero) also lives the default
 * TTL, not a second: it can never be served as it is, so it was stored only for what an expired
 * entry still gives, its validators for a conditional refresh (the HTTP layer stores such an
 * entry only when the origin gave it an {@code ETag} or {@code Last-Modified}: a {@code no-cache}
 * or {@code max-age=0} response that every reuse revalidates). Gone after a second, every
 * revalidation would find nothing and fetch the body whole.
 */
final class EntryTtl {

  private static final Duration MIN = Duration.ofSeconds(1);

  private final Duration defaultTtl;
  private final Duration maxTtl;

  /** {@code maxTtl} is at most a year (the builder's bound), so no sum here can overflow. */
  EntryTtl(Duration defaultTtl, Duration maxTtl) {
    this.defaultTtl = defaultTtl;
    this.maxTtl = maxTtl;
  }

  /** The TTL of an entry with {@code metadata}, in milliseconds. */
  long millis(Metadata metadata) {
    Duration fresh = metadata.freshFor();
    Duration stale = metadata.staleFor();
    Duration staleIfError = metadata.staleIfError();
    Duration ttl;
    if (fresh == null) {
      ttl = defaultTtl;
    } else {
      ttl = capped(fresh).plus(capped(longer(stale, staleIfError)));
      if (stale == null || staleIfError == null || ttl.isZero()) {
        ttl = longer(ttl, defaultTtl);
      }
    }
    if (ttl.compareTo(MIN) < 0) {
      ttl = MIN;
    }
    return (ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl).toMillis();
  }

  private Duration capped(Duration d) {
    return d.isNegative() ? Duration.ZERO : d.compareTo(maxTtl) > 0 ? maxTtl : d;
  }

  private static Duration longer(Duration a, Duration b) {
    Duration x = a == null ? Duration.ZERO : a;
    Duration y = b == null ? Duration.ZERO : b;
    return x.compareTo(y) >= 0 ? x : y;
  }
}
