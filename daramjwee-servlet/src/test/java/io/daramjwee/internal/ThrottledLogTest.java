package io.daramjwee.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong(1_000);
  private final Logger logger =
      (Logger) LoggerFactory.getLogger("test.throttled." + System.nanoTime());
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final ThrottledLog throttled;

  ThrottledLogTest() {
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false); // keep the test's own warnings off the console
    logger.setLevel(Level.WARN);
    throttled = new ThrottledLog(logger, INTERVAL, now::get);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private List<String> lines() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }

  @Test
  void warn_firstEventOfCategory_logsAtWarnWithError() {
    IOException error = new IOException("timeout");

    throttled.warn("tier 1 get", "tier 1 get failed for key /a", error);

    assertThat(appender.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).isEqualTo("tier 1 get failed for key /a");
      assertThat(e.getThrowableProxy().getMessage()).isEqualTo("timeout");
    });
  }

  @Test
  void warn_withinInterval_suppressesAndNextLineCountsSuppressed() {
    throttled.warn("tier 1 get", "failed /a", null);
    advance(Duration.ofSeconds(3));
    throttled.warn("tier 1 get", "failed /b", null);
    advance(Duration.ofSeconds(6));
    throttled.warn("tier 1 get", "failed /c", null);
    assertThat(lines()).containsExactly("failed /a");

    advance(Duration.ofSeconds(1));
    throttled.warn("tier 1 get", "failed /d", new IOException("again"));

    assertThat(lines()).containsExactly("failed /a", "failed /d (2 similar suppressed)");
    assertThat(appender.list.get(1).getThrowableProxy().getMessage()).isEqualTo("again");
  }

  @Test
  void warn_afterLoggedLineWithCount_countStartsAgainFromZero() {
    throttled.warn("c", "one", null);
    throttled.warn("c", "two", null);
    advance(INTERVAL);
    throttled.warn("c", "three", null);
    advance(INTERVAL);

    throttled.warn("c", "four", null);

    assertThat(lines()).containsExactly("one", "three (1 similar suppressed)", "four");
  }

  @Test
  void warn_differentCategories_throttledIndependently() {
    throttled.warn("tier 0 get", "tier 0 failed", null);
    throttled.warn("tier 1 get", "tier 1 failed", null);
    throttled.warn("tier 0 get", "tier 0 failed again", null);

    assertThat(lines()).containsExactly("tier 0 failed", "tier 1 failed");
  }

  @Test
  void warn_messageWithBraces_loggedVerbatim() {
    throttled.warn("c", "failed key /items/{id}?q={}", new IOException("x"));

    assertThat(lines()).containsExactly("failed key /items/{id}?q={}");
  }

  @Test
  void warn_warnDisabled_logsNothingAndDoesNotStartInterval() {
    logger.setLevel(Level.ERROR);
    throttled.warn("c", "hidden", null);
    logger.setLevel(Level.WARN);

    throttled.warn("c", "shown", null);

    assertThat(lines()).containsExactly("shown");
  }

  @Test
  void warn_manyThreadsAtOnce_logsOneLineAndCountsEverySuppressedEvent() throws Exception {
    int threads = 8;
    int perThread = 1_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = IntStream.range(0, threads).mapToObj(t -> pool.submit(() -> {
        start.await(5, SECONDS);
        for (int i = 0; i < perThread; i++) {
          throttled.warn("tier 1 get", "failed", null);
        }
        return null;
      })).collect(Collectors.toList());
      for (Future<?> f : done) {
        f.get(10, SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(lines()).hasSize(1);

    advance(INTERVAL);
    throttled.warn("tier 1 get", "failed", null);

    // An event suppressed while the winning thread was writing the first line may be counted on
    // that line rather than the next: both happened at once. No event may be lost or counted twice.
    assertThat(lines()).hasSize(2);
    assertThat(suppressedOn(lines().get(0)) + suppressedOn(lines().get(1)))
        .isEqualTo(threads * perThread - 1);
  }

  private static long suppressedOn(String line) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\((\\d+) similar suppressed\\)$").matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void constructor_nonPositiveInterval_throwsNamingTheValue() {
    assertThatThrownBy(() -> new ThrottledLog(logger, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> new ThrottledLog(logger, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
  }
}
