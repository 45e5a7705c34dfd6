package io.daramjwee.store.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Makes a store's commands fail at once while its Redis does not answer. A Redis that went away
 * cleanly refuses at once (the connection is down and the client rejects commands), but one that
 * stalls (paused, swapping, behind a network that drops packets) keeps the connection up, and each
 * command would wait its full timeout: on a hit path of microseconds, seconds per request. So after
 * a command timed out, every command for the next {@code hold} fails with an {@link IOException}
 * without reaching Redis, and the request goes on to the next tier or the origin; then one command
 * at a time is let through as a probe (the others still fail at once) until one is answered.
 *
 * <p>Only a timeout stalls the guard; any answer, to a probe or to a command that was in flight,
 * ends the stall. Costs one volatile read per command while Redis answers. Thread-safe.
 */
final class StallGuard {

  private static final long ANSWERING = 0;

  private final long holdNanos;
  private final Duration hold;
  private final LongSupplier nanoTime;
  /** {@link #ANSWERING}, or the time (nanoTime, never 0) until which commands fail at once. */
  private final AtomicLong stalledUntil = new AtomicLong(ANSWERING);
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong refused = new AtomicLong();

  /** A guard holding for {@code hold} (zero: never fails a command itself) on {@code nanoTime}. */
  StallGuard(Duration hold, LongSupplier nanoTime) {
    this.hold = hold;
    this.holdNanos = hold.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Called before a command: whether it is a probe (then exactly one of {@link #answered},
   * {@link #timedOut} or {@link #failed} must follow with {@code true}).
   *
   * @throws IOException when Redis stalled lately and the command must not be sent
   */
  boolean admit() throws IOException {
    long until = stalledUntil.get();
    if (until == ANSWERING || holdNanos == 0) {
      return false;
    }
    if (nanoTime.getAsLong() - until >= 0 && probing.compareAndSet(false, true)) {
      return true;
    }
    refused.incrementAndGet();
    throw new IOException("redis: not sent, a command timed out lately and Redis has not answered"
        + " since (commands fail at once for " + hold + ", then one is tried)");
  }

  /** Redis answered the command (a reply or an error reply): the stall, if any, is over. */
  void answered(boolean probe) {
    if (stalledUntil.get() != ANSWERING) {
      stalledUntil.set(ANSWERING);
    }
    if (probe) {
      probing.set(false);
    }
  }

  /** The command timed out: commands fail at once for the hold, from now. */
  void timedOut(boolean probe) {
    long until = nanoTime.getAsLong() + holdNanos;
    stalledUntil.set(until == ANSWERING ? 1 : until);
    if (probe) {
      probing.set(false);
    }
  }

  /** The command failed otherwise (connection down, cancelled): the state stays as it was. */
  void failed(boolean probe) {
    if (probe) {
      probing.set(false);
    }
  }

  /** Whether commands fail at once now, without a probe being let through first. */
  boolean stalled() {
    return stalledUntil.get() != ANSWERING;
  }

  /** Commands failed at once, without reaching Redis, since the guard was made. */
  long refused() {
    return refused.get();
  }
}
