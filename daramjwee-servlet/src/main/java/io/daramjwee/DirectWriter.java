package io.daramjwee;

import java.io.IOException;
import java.time.Instant;

/**
 * The writer {@link DaramjweeCache#set} returns: writes into the first tier that admits the value
 * ({@link TierWrite}) and, on commit, publishes it there as the newest value of the key (advancing
 * its generation so any fill in flight is dropped, and removing older copies from the tiers
 * above), then propagates to the tiers below in the background. Unlike a fill it is the caller's
 * own write, so a failing tier or a value too large for every tier fails the caller's write. Its
 * {@link TierWrite} is its own; the {@link Publisher} gives it the ticket and settles the
 * publish. Used by one thread; abort from any.
 */
final class DirectWriter extends StoreWriter {

  private final Publisher publisher;
  private final String key;
  private final TierWrite write;
  private final Instant cachedAt;

  DirectWriter(Publisher publisher, String key, TierWrite write, Instant cachedAt) {
    this.publisher = publisher;
    this.key = key;
    this.write = write;
    this.cachedAt = cachedAt;
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) throws IOException {
    write.write(b, off, len);
  }

  @Override
  protected boolean doAmend(Metadata metadata) throws IOException {
    return write.amend(Publisher.stampIfUnset(metadata, cachedAt));
  }

  @Override
  protected void doCommit() throws IOException {
    Generations.Ticket ticket = publisher.acquire(key);
    try {
      write.publish(ticket, TierWrite.Mode.NEWEST);
    } catch (IOException | RuntimeException e) {
      ticket.release(); // a failed set is the caller's error, not an aborted fill
      throw e;
    }
    publisher.published(ticket, write);
  }

  @Override
  protected void doAbort() {
    write.abort();
  }
}
