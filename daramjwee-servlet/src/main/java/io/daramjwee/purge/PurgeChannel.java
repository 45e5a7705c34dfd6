package io.daramjwee.purge;

import java.io.Closeable;
import java.io.IOException;

/**
 * How purge marks travel between the instances of a cluster: a shared, durable, ordered log
 * every instance appends to and reads from. A mark {@link #publish}ed by one instance is
 * {@linkplain Listener#received received} by every instance (its publisher included), in the
 * log's order, promptly while connected and after a reconnect otherwise. Implementations are
 * thread-safe.
 */
public interface PurgeChannel extends Closeable {

  /**
   * Starts reading the shared log, from its beginning, on a thread of the channel's own. Called
   * once; the listener is called on that thread only.
   */
  void start(Listener listener);

  /**
   * Appends {@code mark} to the shared log.
   *
   * @throws IOException when the log cannot be reached now; the caller keeps the mark and
   *     publishes it again after the next {@link Listener#caughtUp}
   */
  void publish(PurgeMark mark) throws IOException;

  /**
   * A publish failed while the log may still be readable (a server out of memory refuses writes
   * but answers reads): read the log again soon, so that the {@link Listener#caughtUp} that
   * follows publishes the unconfirmed marks again. At most about once a second. Default: nothing,
   * for a channel that only catches up after a read fails.
   */
  default void resyncSoon() {}

  /** A short description for logs and health, such as the server and the log's key. */
  String describe();

  /** What a channel tells its {@link PurgeLog}. Called on the channel's reading thread. */
  interface Listener {

    /** A mark from the shared log; the same mark may come more than once. */
    void received(PurgeMark mark);

    /**
     * The shared log lost marks it held since this channel last read it (the server restarted
     * empty, or evicted the log): the channel reads it again from its beginning, and the listener
     * forgets which of its marks the log confirmed, so that the next {@link #caughtUp} publishes
     * them again.
     */
    void historyLost();

    /**
     * The channel has read the shared log up to its end after starting or reconnecting: every
     * mark published before this call was received. The listener publishes then every mark it
     * keeps that the log has not given back since start (or since the history was lost).
     */
    void caughtUp();

    /** The log cannot be read now; the channel keeps trying and calls {@link #caughtUp} then. */
    void disconnected(Exception cause);
  }
}
