package io.daramjwee.spring.actuate;

import io.daramjwee.purge.PurgeChannel;
import io.daramjwee.purge.PurgeMark;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake of the {@link PurgeChannel} SPI for fault injection in the health tests: an in-memory
 * shared log whose publishes fail while {@link #failing} is set. It has no thread: the test plays
 * the channel's reading thread ({@link #catchUp}, {@link #disconnect}). The real channel is tested
 * against a real Redis (RedisPurgeChannelTest, and here the cluster case of PurgeHealthTest).
 * Thread-safe enough for one test thread.
 */
final class HealthFakeChannel implements PurgeChannel {

  private final List<PurgeMark> shared = new CopyOnWriteArrayList<>();
  private volatile Listener listener;
  private int read;
  /** When set, {@link #publish} fails as an unreachable server would. */
  volatile boolean failing;

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void publish(PurgeMark mark) throws IOException {
    if (failing) {
      throw new IOException("injected: the shared log cannot be reached");
    }
    shared.add(mark);
  }

  @Override
  public String describe() {
    return "fake channel";
  }

  @Override
  public void close() {}

  /**
   * Reads the shared log to its end and says so, as after a start or a reconnect; then reads what
   * the listener published at the catch-up, so that it is confirmed.
   */
  synchronized void catchUp() {
    deliverNew();
    listener.caughtUp();
    deliverNew();
  }

  /** The shared log cannot be read now. */
  void disconnect() {
    listener.disconnected(new IOException("injected: connection reset"));
  }

  private void deliverNew() {
    while (read < shared.size()) {
      listener.received(shared.get(read++));
    }
  }
}
