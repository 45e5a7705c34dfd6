package io.daramjwee.store.redis;

import io.daramjwee.Metadata;
import java.time.Duration;

/**
 * How long Redis keeps an entry: as long as the cache could still serve it, so Redis reclaims
 * the space of expired entries by itself. That is its fresh lifetime plus the longer of its stale
 * and stale-if-error windows, from the metadata; an entry whose metadata names no lifetime (the
 * cache's own defaults then apply, which a store does not know) lives the store's default TTL.
 * Never more than the store's maximum, never less than a second. Stateless.
 */
final class EntryTtl {

  private static final Duration MIN = Duration.ofSeconds(1);

  private final Duration defaultTtl;
  private final Duration maxTtl;

  EntryTtl(Duration defaultTtl, Duration maxTtl) {
    this.defaultTtl = defaultTtl;
    this.maxTtl = maxTtl;
  }

  /** The TTL of an entry with {@code metadata}, in milliseconds. */
  long millis(Metadata metadata) {
    Duration fresh = metadata.freshFor();
    Duration ttl;
    if (fresh == null) {
      ttl = defaultTtl;
    } else {
      ttl = fresh.plus(longer(metadata.staleFor(), metadata.staleIfError()));
    }
    if (ttl.compareTo(MIN) < 0) {
      ttl = MIN;
    }
    return Math.min(ttl.toMillis(), maxTtl.toMillis());
  }

  private static Duration longer(Duration a, Duration b) {
    Duration x = a == null ? Duration.ZERO : a;
    Duration y = b == null ? Duration.ZERO : b;
    return x.compareTo(y) >= 0 ? x : y;
  }
}
