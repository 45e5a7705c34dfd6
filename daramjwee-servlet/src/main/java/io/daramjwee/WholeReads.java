package io.daramjwee;

import io.daramjwee.internal.BoundedWorker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background reads of an entry's whole body, for a body that asked for one when a range of it was
 * served ({@link WholeReadOnRange}): the store checks the body on the way (a damaged one is
 * removed by its store) and records what a whole read earns (a file store's zero-copy
 * certificate). At most one per key at a time, on the cache's worker; a full queue drops it
 * (counted by the worker) and the next range schedules it again. Thread-safe.
 */
final class WholeReads {

  private static final Logger LOG = LoggerFactory.getLogger(DaramjweeCache.class);

  private final Publisher publisher;
  private final OncePerKey jobs;

  WholeReads(Publisher publisher, BoundedWorker worker) {
    this.publisher = publisher;
    this.jobs = new OncePerKey(worker);
  }

  /** {@code body}, served from {@code tier}, watched for a range when its store asks for it. */
  InputStream watch(String key, int tier, InputStream body) {
    return body instanceof RangeReadable ranged && ranged.wholeReadWanted()
        ? new WholeReadOnRange(body, () -> later(key, tier))
        : body;
  }

  /** Schedules a whole read of {@code tier}'s entry of {@code key}, unless one is pending. */
  void later(String key, int tier) {
    jobs.submit(key, "whole read of key '" + key + "' in tier " + tier,
        () -> readWhole(key, tier));
  }

  private void readWhole(String key, int tier) {
    StoredEntry entry = null;
    try {
      entry = publisher.tier(tier).open(key);
      if (entry == null) {
        return;
      }
      try (InputStream in = entry.body()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      LOG.debug("background whole read of key '{}' in tier {} failed", key, tier, e);
    } finally {
      if (entry != null) {
        entry.closeQuietly();
      }
    }
  }
}
