package io.daramjwee.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BoundedWorkerTest {

  private static final Duration LONG = Duration.ofMinutes(1);

  private final List<BoundedWorker> workers = new ArrayList<>();
  /** Released after every test so no job outlives it. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeWorkers() {
    release.countDown();
    workers.forEach(w -> w.close(Duration.ofSeconds(5)));
  }

  private BoundedWorker worker(int threads, int queueSize, Duration jobTimeout) {
    BoundedWorker w = new BoundedWorker("test-worker", threads, queueSize, jobTimeout);
    workers.add(w);
    return w;
  }

  private Runnable blockUntilReleased(CountDownLatch started) {
    return () -> {
      started.countDown();
      awaitQuietly(release);
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void submit_acceptedJob_runsOnNamedDaemonThread() throws Exception {
    BoundedWorker w = worker(2, 4, LONG);
    AtomicReference<Thread> ran = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);

    assertThat(w.submit(() -> {
      ran.set(Thread.currentThread());
      done.countDown();
    })).isTrue();

    assertThat(done.await(5, SECONDS)).isTrue();
    assertThat(ran.get().getName()).matches("test-worker-\\d+");
    assertThat(ran.get().isDaemon()).isTrue();
    await().until(() -> w.completed() == 1);
    assertThat(w.dropped()).isZero();
  }

  @Test
  void submit_submitterHasInheritableThreadLocal_jobDoesNotSeeIt() throws Exception {
    InheritableThreadLocal<String> requestContext = new InheritableThreadLocal<>();
    requestContext.set("request-42");
    BoundedWorker w = worker(1, 1, LONG);
    AtomicReference<String> seen = new AtomicReference<>("unset");
    CountDownLatch done = new CountDownLatch(1);

    try {
      // The first submit creates the pool thread on this thread, the case that would leak.
      w.submit(() -> {
        seen.set(requestContext.get());
        done.countDown();
      });
      assertThat(done.await(5, SECONDS)).isTrue();
    } finally {
      requestContext.remove();
    }

    assertThat(seen.get()).isNull();
  }

  @Test
  void submit_queueFull_returnsFalseWithoutBlocking() throws Exception {
    BoundedWorker w = worker(1, 2, LONG);
    CountDownLatch started = new CountDownLatch(1);
    assertThat(w.submit(blockUntilReleased(started))).isTrue();
    assertThat(started.await(5, SECONDS)).isTrue();
    assertThat(w.submit(() -> {})).isTrue();
    assertThat(w.submit(() -> {})).isTrue();

    boolean accepted = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> w.submit(() -> {}));

    assertThat(accepted).isFalse();
    assertThat(w.dropped()).isEqualTo(1);
    assertThat(w.queueDepth()).isEqualTo(2);
    release.countDown();
    await().until(() -> w.completed() == 3);
  }

  static Stream<Throwable> jobFailures() {
    return Stream.of(new IllegalStateException("boom"),
        new AssertionError("an Error, but not a VirtualMachineError"));
  }

  @ParameterizedTest
  @MethodSource("jobFailures")
  void submit_jobThrows_countsFailureAndNextJobRunsOnSameThread(Throwable failure)
      throws Exception {
    BoundedWorker w = worker(1, 4, LONG);
    AtomicReference<Thread> failedOn = new AtomicReference<>();
    AtomicReference<Thread> nextOn = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);

    w.submit(() -> {
      failedOn.set(Thread.currentThread());
      sneakyThrow(failure);
    });
    w.submit(() -> {
      nextOn.set(Thread.currentThread());
      done.countDown();
    });

    assertThat(done.await(5, SECONDS)).isTrue();
    assertThat(nextOn.get()).isSameAs(failedOn.get());
    await().until(() -> w.completed() == 2);
    assertThat(w.failed()).isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void jobTimeout_jobBlockedInInterruptibleWait_isInterruptedAndCounted() throws Exception {
    BoundedWorker w = worker(1, 1, Duration.ofMillis(200));
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);

    w.submit(() -> {
      try {
        never.await(30, SECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });

    assertThat(interrupted.await(5, SECONDS)).isTrue();
    // Counted before the interrupt is delivered, so visible as soon as the job saw it.
    assertThat(w.timedOut()).isEqualTo(1);
    await().until(() -> w.completed() == 1);
    assertThat(w.failed()).isZero();
  }

  @Test
  void jobTimeout_jobFinishesInTime_isNotInterrupted() throws Exception {
    BoundedWorker w = worker(1, 1, LONG);
    AtomicBoolean sawInterrupt = new AtomicBoolean(true);
    CountDownLatch done = new CountDownLatch(1);

    w.submit(() -> {
      sawInterrupt.set(Thread.currentThread().isInterrupted());
      done.countDown();
    });

    assertThat(done.await(5, SECONDS)).isTrue();
    assertThat(sawInterrupt).isFalse();
    await().until(() -> w.completed() == 1);
    assertThat(w.timedOut()).isZero();
  }

  /**
   * Slow jobs end well before, just before, at and after the timeout, so timeouts fire as jobs
   * end; the quick job after each must never see an interrupt meant for the slow one. A quick
   * job's own timer starts after the slow job ended, so an interrupt seen less than the timeout
   * after that end cannot be its own: that is a leak, with no false alarm on a stalled machine.
   */
  @Test
  void jobTimeout_timeoutsRacingJobEnds_neverLeakIntoNextJob() {
    Duration timeout = Duration.ofMillis(20);
    BoundedWorker w = worker(1, 1000, timeout);
    long t = timeout.toNanos();
    long[] slowNanos = {t / 4, t * 9 / 10, t, t * 11 / 10, t * 2};
    int rounds = 60;
    AtomicLong slowEndedAt = new AtomicLong();
    AtomicInteger leaks = new AtomicInteger();

    for (int i = 0; i < rounds; i++) {
      long spin = slowNanos[i % slowNanos.length];
      assertThat(w.submit(() -> {
        spin(spin);
        slowEndedAt.set(System.nanoTime());
      })).isTrue();
      assertThat(w.submit(() -> {
        long end = System.nanoTime() + t / 20;
        do {
          if (Thread.currentThread().isInterrupted()) {
            if (System.nanoTime() - slowEndedAt.get() < t) {
              leaks.incrementAndGet();
            }
            return;
          }
        } while (System.nanoTime() - end < 0);
      })).isTrue();
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> w.completed() == 2L * rounds);
    assertThat(w.timedOut()).as("some slow jobs must have timed out").isPositive();
    assertThat(leaks).hasValue(0);
  }

  private static void spin(long nanos) {
    // Busy, not sleeping: the job must ignore the interrupt and end on its own schedule.
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }

  @Test
  void close_withQueuedJobs_drainsThemAndReturnsTrue() throws Exception {
    BoundedWorker w = worker(1, 4, LONG);
    CountDownLatch started = new CountDownLatch(1);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    w.submit(blockUntilReleased(started));
    for (int i = 0; i < 3; i++) {
      int n = i;
      w.submit(() -> ran.add(n));
    }
    assertThat(started.await(5, SECONDS)).isTrue();

    CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(
        () -> w.close(Duration.ofSeconds(10)));
    await().until(w::isClosed);
    assertThat(w.submit(() -> ran.add(99))).isFalse();
    release.countDown();

    assertThat(closing.get(10, SECONDS)).isTrue();
    assertThat(ran).containsExactly(0, 1, 2);
    assertThat(w.completed()).isEqualTo(4);
  }

  @Test
  void close_jobStuckPastTimeout_returnsFalseAndInterruptsIt() throws Exception {
    BoundedWorker w = worker(1, 4, LONG);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicBoolean queuedRan = new AtomicBoolean();
    w.submit(() -> {
      started.countDown();
      try {
        release.await(30, SECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    w.submit(() -> queuedRan.set(true));
    assertThat(started.await(5, SECONDS)).isTrue();

    assertThat(w.close(Duration.ofMillis(100))).isFalse();

    assertThat(interrupted.await(5, SECONDS)).isTrue();
    assertThat(queuedRan).isFalse();
  }

  @Test
  void submit_afterClose_returnsFalseAndCountsDrop() {
    BoundedWorker w = worker(1, 4, LONG);
    assertThat(w.close(Duration.ofSeconds(1))).isTrue();

    assertThat(w.submit(() -> {})).isFalse();

    assertThat(w.isClosed()).isTrue();
    assertThat(w.dropped()).isEqualTo(1);
  }

  @Test
  void close_calledAgain_returnsFirstResultWithoutWaiting() throws Exception {
    BoundedWorker w = worker(1, 4, LONG);
    CountDownLatch started = new CountDownLatch(1);
    w.submit(() -> {
      started.countDown();
      // Ignores interruption, so the first close must give up.
      while (release.getCount() > 0) {
        Thread.onSpinWait();
      }
    });
    assertThat(started.await(5, SECONDS)).isTrue();
    assertThat(w.close(Duration.ofMillis(50))).isFalse();
    release.countDown();
    await().until(() -> w.completed() == 1);

    boolean again = assertTimeoutPreemptively(Duration.ofSeconds(1),
        () -> w.close(Duration.ofMinutes(1)));

    assertThat(again).isFalse();
  }

  @Test
  void close_idleWorkerTwice_returnsTrueBothTimes() {
    BoundedWorker w = worker(2, 4, LONG);

    assertThat(w.close(Duration.ofSeconds(1))).isTrue();
    assertThat(w.close(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void constructor_outOfRangeArguments_throwNamingTheValue() {
    assertThatThrownBy(() -> new BoundedWorker("w", 0, 1, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be at least 1: 0");
    assertThatThrownBy(() -> new BoundedWorker("w", 1, 0, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueSize must be at least 1: 0");
    assertThatThrownBy(() -> new BoundedWorker("w", 1, 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobTimeout must be positive: PT0S");
    assertThatThrownBy(() -> new BoundedWorker("w", 1, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
  }

  @Test
  void close_negativeTimeout_throwsNamingTheValue() {
    BoundedWorker w = worker(1, 1, LONG);

    assertThatThrownBy(() -> w.close(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-2S");
    assertThat(w.isClosed()).isFalse();
  }
}
