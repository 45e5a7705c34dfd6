package io.daramjwee.store.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a {@link RedisClock}'s base clock is from Redis's: samples of {@code TIME}, each the
 * server's time against the midpoint of the base clock's readings before and after it. Of the
 * last {@link #KEPT} samples the one with the shortest round trip wins, since the server read its
 * clock somewhere within that round trip; older samples age out, so a drifting base is followed.
 *
 * <p>Resamples on a daemon thread of its own, {@code daramjwee-redis-clock}. A failed sample
 * changes nothing (the last estimate stays) and is logged once per outage. Thread-safe.
 */
final class RedisTimeSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisTimeSampler.class);

  /** Samples kept to pick the best of. */
  static final int KEPT = 5;
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  /**
   * What a sample found: the server's clock minus the base clock, and the round trip it was
   * measured within (the offset is off by at most half of it).
   */
  record Estimate(long serverEpochNanos, long monotonicNanos, long roundTripNanos) {

    /** The server's time now, from this sample and the monotonic time elapsed since it. */
    long nowEpochNanos() {
      return serverEpochNanos + (System.nanoTime() - monotonicNanos);
    }
  }

  private final RedisConnection connection;
  private final Clock base;
  private final Estimate[] recent = new Estimate[KEPT]; // guarded by this
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledExecutorService scheduler;
  private int next; // guarded by this
  private volatile Estimate best;
  private volatile boolean failing;

  /**
   * Takes up to {@code tries} samples at once, keeping the best.
   *
   * @throws IOException when none succeeds
   */
  RedisTimeSampler(RedisConnection connection, Clock base, int tries) throws IOException {
    this.connection = connection;
    this.base = base;
    RuntimeException failure = null;
    for (int i = 0; i < tries; i++) {
      try {
        keep(sample());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (best == null) {
      throw new IOException("cannot read the time of Redis at " + connection + ": "
          + (failure == null ? "no sample" : failure.getMessage()), failure);
    }
    this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "daramjwee-redis-clock");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Resamples every {@code period}, from one period on. */
  void start(Duration period) {
    long nanos = period.toNanos();
    scheduler.scheduleWithFixedDelay(this::resample, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** The current estimate: one volatile read. */
  Estimate best() {
    return best;
  }

  Clock base() {
    return base;
  }

  /** Samples that succeeded, at build and since. */
  long samples() {
    return samples.get();
  }

  /** Samples that failed since build. */
  long failures() {
    return failures.get();
  }

  /** Whether the resampling thread still runs. */
  boolean sampling() {
    return !scheduler.isTerminated();
  }

  /** Stops resampling, waiting up to 2 s, then closes the connection. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's; closing goes on
    } finally {
      connection.close();
    }
  }

  @Override
  public String toString() {
    return connection.toString();
  }

  private void resample() {
    try {
      keep(sample());
      if (failing) {
        failing = false;
        log.info("reading the time of Redis at {} again", connection);
      }
    } catch (RuntimeException e) { // RedisException; a sample that makes no sense
      failures.incrementAndGet();
      if (!failing) {
        failing = true;
        log.warn("cannot read the time of Redis at {} ({}); the clock goes on from its last "
            + "sample", connection, e.toString());
      } else {
        log.debug("still cannot read the time of Redis at {}: {}", connection, e.toString());
      }
    }
  }

  /**
   * One {@code TIME}, timed on the monotonic clock: the server's time is taken as of the midpoint
   * of the round trip. Monotonic, so a step of the wall clock (NTP, a VM resumed) cannot make an
   * old sample wrong.
   */
  private Estimate sample() {
    long before = System.nanoTime();
    List<byte[]> time = connection.time(RedisClock.CLUSTER_ANCHOR);
    long after = System.nanoTime();
    long server = number(time.get(0)) * 1_000_000_000L + number(time.get(1)) * 1_000;
    return new Estimate(server, before + (after - before) / 2, after - before);
  }

  private synchronized void keep(Estimate estimate) {
    samples.incrementAndGet();
    recent[next] = estimate;
    next = (next + 1) % KEPT;
    Estimate winner = estimate;
    for (Estimate e : recent) {
      if (e != null && e.roundTripNanos() < winner.roundTripNanos()) {
        winner = e;
      }
    }
    best = winner;
  }

  private static long number(byte[] digits) {
    return Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
  }
}
