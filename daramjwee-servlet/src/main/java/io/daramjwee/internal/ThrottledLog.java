package io.daramjwee.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs warnings of one kind at most once per interval, so a failing tier under load writes a line
 * every few seconds instead of one per request. The first event of a category is logged at once;
 * the next line of that category says how many similar events were suppressed since the last one.
 *
 * <p>Categories name a kind of failure ("tier 1 get"), not a key: each distinct category keeps a
 * few bytes of state for the life of this object, so they should be a small fixed set. The
 * message of a logged line is the caller's, word for word; that is where the key and tier go.
 *
 * <p>This class is thread-safe. A suppressed event costs a map lookup and an atomic increment; no
 * path takes a lock once a category exists. Every suppressed event is counted in exactly one later
 * line, if a later line comes.
 */
public final class ThrottledLog {

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Category> categories = new ConcurrentHashMap<>();

  /**
   * @param log where lines go, at WARN
   * @param interval the least time between two lines of one category, positive
   * @throws IllegalArgumentException when {@code interval} is not positive
   */
  public ThrottledLog(Logger log, Duration interval) {
    this(log, interval, System::nanoTime);
  }

  /** As {@link #ThrottledLog(Logger, Duration)}, reading time from {@code nanoTime}; for tests. */
  ThrottledLog(Logger log, Duration interval, LongSupplier nanoTime) {
    this.log = Objects.requireNonNull(log, "log");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    this.intervalNanos = BoundedWorker.saturatedNanos(interval);
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Logs {@code message} and {@code error} at WARN unless a line of {@code category} was logged
   * less than the interval ago, in which case the event is only counted.
   *
   * @param category the kind of event; events of one category are throttled together
   * @param message the line, logged verbatim (braces are not placeholders)
   * @param error logged with its stack trace once on this line; may be {@code null}
   */
  public void warn(String category, String message, Throwable error) {
    Objects.requireNonNull(category, "category");
    if (!log.isWarnEnabled()) {
      return;
    }
    long now = nanoTime.getAsLong();
    Category c = categories.get(category);
    if (c == null) {
      c = categories.computeIfAbsent(category, k -> new Category(now));
    }
    long next = c.nextLineAt.get();
    // Subtraction, not comparison, so the check survives nanoTime wrapping around. A lost CAS
    // means another thread took this slot for its own line, so this event is suppressed.
    if (now - next < 0 || !c.nextLineAt.compareAndSet(next, now + intervalNanos)) {
      c.suppressed.incrementAndGet();
      return;
    }
    long suppressed = c.suppressed.getAndSet(0);
    // The message goes in as an argument, never as the format: keys may contain "{}".
    if (suppressed == 0) {
      log.warn("{}", message, error);
    } else {
      log.warn("{} ({} similar suppressed)", message, suppressed, error);
    }
  }

  private static final class Category {
    final AtomicLong nextLineAt;
    final AtomicLong suppressed = new AtomicLong();

    Category(long now) {
      this.nextLineAt = new AtomicLong(now);
    }
  }
}
