package io.daramjwee.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A stand-in for a slow database: every load takes {@link #LATENCY} and is counted, so a person
 * (or a test) sees how many requests reached it. Thread-safe.
 */
@Component
class ArticleDatabase {

  /** The latency of one load: the origin's cost that a cache hit saves. */
  static final Duration LATENCY = Duration.ofMillis(200);

  private final AtomicLong calls = new AtomicLong();
  private final Clock clock;

  ArticleDatabase(ObjectProvider<Clock> clock) {
    this.clock = clock.getIfUnique(Clock::systemUTC);
  }

  /** Loads article {@code id}, taking {@link #LATENCY}. */
  Article load(long id) {
    long n = calls.incrementAndGet();
    try {
      Thread.sleep(LATENCY.toMillis()); // the simulated query, not a wait for anything
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading article " + id, e);
    }
    return new Article(id, "Article " + id, Instant.now(clock), n);
  }

  /** How many loads have reached the database since start. */
  long calls() {
    return calls.get();
  }

  /** One article, with when it was read and how many loads the database had served by then. */
  record Article(long id, String title, Instant generatedAt, long dbCalls) {}
}
