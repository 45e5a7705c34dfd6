package io.daramjwee;

import java.io.IOException;

/**
 * The writer {@link DaramjweeCache#set} returns: writes into tier 0 and, on commit, publishes as the
 * newest value of the key (advancing its generation so any fill in flight is dropped) and then
 * propagates to the lower tiers in the background. Used by one thread; abort from any.
 */
final class DirectWriter extends StoreWriter {

  private final TieredCache cache;
  private final String key;
  private final StoreWriter hot;
  private final java.time.Instant cachedAt;

  DirectWriter(TieredCache cache, String key, StoreWriter hot, java.time.Instant cachedAt) {
    this.cache = cache;
    this.key = key;
    this.hot = hot;
    this.cachedAt = cachedAt;
  }

  @Override
  protected void doWrite(int b) throws IOException {
    hot.write(b);
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) throws IOException {
    hot.write(b, off, len);
  }

  @Override
  protected boolean doAmend(Metadata metadata) throws IOException {
    return hot.amendMetadata(metadata.cachedAt().equals(java.time.Instant.EPOCH)
        ? metadata.withCachedAt(cachedAt) : metadata);
  }

  @Override
  protected void doCommit() throws IOException {
    Generations.Ticket ticket = cache.generations().acquire(key);
    try {
      ticket.publishNewest(hot);
    } catch (IOException | RuntimeException e) {
      ticket.release();
      throw e;
    }
    cache.counters().published.increment();
    cache.propagateDown(ticket);
  }

  @Override
  protected void doAbort() {
    hot.abort();
  }
}
