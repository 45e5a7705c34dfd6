package io.daramjwee;

import java.io.IOException;
import java.time.Instant;

/**
 * The writer {@link DaramjweeCache#set} returns: writes into tier 0 and, on commit, publishes as
 * the newest value of the key (advancing its generation so any fill in flight is dropped) and
 * then propagates to the lower tiers in the background. Its tier-0 writer is its own; the
 * {@link Publisher} gives it the ticket and settles the publish. Used by one thread; abort from
 * any.
 */
final class DirectWriter extends StoreWriter {

  private final Publisher publisher;
  private final String key;
  private final StoreWriter hot;
  private final Instant cachedAt;

  DirectWriter(Publisher publisher, String key, StoreWriter hot, Instant cachedAt) {
    this.publisher = publisher;
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
    return hot.amendMetadata(Publisher.stampIfUnset(metadata, cachedAt));
  }

  @Override
  protected void doCommit() throws IOException {
    Generations.Ticket ticket = publisher.acquire(key);
    try {
      ticket.publishNewest(hot);
    } catch (IOException | RuntimeException e) {
      ticket.release(); // a failed set is the caller's error, not an aborted fill
      throw e;
    }
    publisher.published(ticket);
  }

  @Override
  protected void doAbort() {
    hot.abort();
  }
}
