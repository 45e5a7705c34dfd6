package io.daramjwee;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Miss coalescing: the first miss on a key leads (calls the origin), later ones follow and wait
 * for the leader's publish, and are answered from the tier it was published in. The leader's
 * flight ends when its body was read to the end and published, or when it failed, threw or was
 * closed early; never when {@code get} merely returned, or later callers would miss the flight
 * and the entry both and call the origin again. The read flow joins flights; whoever leads one
 * hands it to the write that ends it, which settles it through the {@link Publisher} (or
 * {@link #finish} when nothing was written). Thread-safe.
 */
final class Flights {

  enum Outcome { PUBLISHED, FAILED, TIMED_OUT }

  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

  /**
   * Starts a flight for {@code key} that the caller leads, or returns the one in progress, which
   * the caller follows.
   */
  Joined join(String key) {
    Flight mine = new Flight(key);
    Flight existing = flights.putIfAbsent(key, mine);
    return existing == null ? new Joined(mine, true) : new Joined(existing, false);
  }

  /** A caller's place in a flight. */
  record Joined(Flight flight, boolean leader) {}

  int inFlight() {
    return flights.size();
  }

  /**
   * Ends {@code flight} (null: not leading a flight) with the tier its value was published in,
   * or -1 when nothing was.
   */
  static void finish(Flight flight, int publishedTier) {
    if (flight != null) {
      flight.finish(publishedTier);
    }
  }

  /** One in-progress miss. */
  final class Flight {
    private final String key;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile int tier = -1;

    private Flight(String key) {
      this.key = key;
    }

    /**
     * Ends the flight and releases the followers, telling them the tier the value was published
     * in (its home, which admission chose), or -1 when nothing was. Idempotent; the first call
     * wins.
     */
    void finish(int publishedTier) {
      if (done.getCount() == 0) {
        return;
      }
      this.tier = publishedTier;
      flights.remove(key, this);
      done.countDown();
    }

    /**
     * Waits for the leader. On a timeout the flight is dropped from the registry so that later
     * callers do not queue behind a stuck leader.
     */
    Outcome await(Duration timeout) {
      try {
        if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          flights.remove(key, this);
          return Outcome.TIMED_OUT;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.FAILED;
      }
      return tier >= 0 ? Outcome.PUBLISHED : Outcome.FAILED;
    }

    /** The tier the leader published in, once {@link #await} returned PUBLISHED. */
    int tier() {
      return tier;
    }
  }
}
