package io.daramjwee.store.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.io.IOException;

/**
 * Runs a store's Redis commands: turns the client's unchecked failures into the store's
 * {@link IOException}, and while Redis stalls fails them at once instead ({@link StallGuard}).
 * Thread-safe.
 */
final class RedisCalls {

  private final StallGuard stall;

  RedisCalls(StallGuard stall) {
    this.stall = stall;
  }

  /** Runs {@code command} (one or more Redis commands awaited together) under the guard. */
  <T> T call(RedisCall<T> command) throws IOException {
    boolean probe = stall.admit();
    try {
      T result = command.run();
      stall.answered(probe);
      return result;
    } catch (RedisCommandTimeoutException e) {
      stall.timedOut(probe);
      throw new IOException("redis: " + e.getMessage(), e);
    } catch (RedisCommandExecutionException e) { // an error reply is an answer
      stall.answered(probe);
      throw new IOException("redis: " + e.getMessage(), e);
    } catch (RuntimeException e) { // not connected, or a command cancelled on reconnect
      stall.failed(probe);
      throw new IOException("redis: " + e.getMessage(), e);
    } catch (Error e) { // a probe must not stay out for good, or nothing is sent again
      stall.failed(probe);
      throw e;
    }
  }

  /** Commands failed at once while Redis stalled, since the store was opened. */
  long refused() {
    return stall.refused();
  }

  /** One or more Redis commands, sent and awaited by the calling thread. */
  @FunctionalInterface
  interface RedisCall<T> {
    T run();
  }
}
