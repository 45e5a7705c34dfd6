package io.daramjwee.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed pool of daemon threads with a bounded queue and a per-job timeout, for background work
 * (refreshes, lower-tier writes) that must never slow down a request thread.
 *
 * <p>{@link #submit} never blocks: when the queue is full or the worker is closed the job is
 * dropped, counted in {@link #dropped()}, and {@code false} is returned. Jobs inherit nothing from
 * the submitting thread: no inheritable thread-locals, and a fixed context class loader.
 *
 * <p>A job that runs longer than the job timeout is interrupted once; a job that ignores
 * interruption keeps its thread until it returns. A job that throws is logged and counted, and its
 * thread goes on with the next job. The interrupt status is cleared after every job, and a timeout
 * can never interrupt a later job on the same thread.
 *
 * <p>This class is thread-safe: any thread may submit, read the counters or close.
 */
public final class BoundedWorker {

  private static final Logger log = LoggerFactory.getLogger(BoundedWorker.class);

  private final String name;
  private final Duration jobTimeout;
  private final long jobTimeoutNanos;
  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor timer;

  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder completed = new LongAdder();

  private final Object closeLock = new Object();
  private volatile boolean closed;
  private Boolean closeResult; // guarded by closeLock

  /**
   * Creates a worker; its threads start on demand.
   *
   * @param name prefix of the thread names ({@code name-1}, {@code name-2}, ..., {@code
   *     name-timer}) and of log lines
   * @param threads how many jobs run at once, at least 1
   * @param queueSize how many jobs may wait, at least 1
   * @param jobTimeout how long a job may run before it is interrupted, positive
   * @throws IllegalArgumentException when a number or the timeout is out of range
   */
  public BoundedWorker(String name, int threads, int queueSize, Duration jobTimeout) {
    this.name = Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jobTimeout, "jobTimeout");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1: " + queueSize);
    }
    if (jobTimeout.isNegative() || jobTimeout.isZero()) {
      throw new IllegalArgumentException("jobTimeout must be positive: " + jobTimeout);
    }
    this.jobTimeout = jobTimeout;
    this.jobTimeoutNanos = saturatedNanos(jobTimeout);
    // The default AbortPolicy turns "queue full" and "shut down" into one exception, which
    // submit() maps to a counted drop instead of blocking or running on the caller's thread.
    this.pool = new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueSize), new DaemonFactory(name + "-", true));
    this.timer = new ScheduledThreadPoolExecutor(1, new DaemonFactory(name + "-timer", false));
    // Most jobs finish in time; without this, every cancelled timeout would sit in the timer's
    // queue until its delay ran out, which for a 30 s timeout is thousands of dead entries.
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Queues {@code job} without blocking.
   *
   * <p>The job's {@code toString()} names it in log lines, so a job worth telling apart (a refresh
   * of one key) should say what it is.
   *
   * @return {@code true} when the job was accepted; {@code false} when the queue was full or the
   *     worker is closed, in which case the job will never run and {@link #dropped()} counts it
   */
  public boolean submit(Runnable job) {
    Objects.requireNonNull(job, "job");
    if (closed) {
      dropped.increment();
      return false;
    }
    try {
      pool.execute(new Run(job));
      return true;
    } catch (RejectedExecutionException e) {
      dropped.increment();
      return false;
    }
  }

  /** Jobs refused by {@link #submit} because the queue was full or the worker closed. */
  public long dropped() {
    return dropped.sum();
  }

  /** Jobs that threw. A job interrupted by its timeout that then throws counts here too. */
  public long failed() {
    return failed.sum();
  }

  /** Jobs that were interrupted because they outran the job timeout. */
  public long timedOut() {
    return timedOut.sum();
  }

  /** Jobs that finished running, normally or by throwing. */
  public long completed() {
    return completed.sum();
  }

  /** Jobs accepted but not yet started. */
  public int queueDepth() {
    return pool.getQueue().size();
  }

  /** Whether {@link #close} has been called; once true, {@link #submit} refuses every job. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops intake at once, waits up to {@code timeout} for queued and running jobs to finish, then
   * interrupts the running ones and discards the queued ones.
   *
   * <p>Idempotent: later calls (and calls racing the first) wait for the first call to end and
   * return its result without waiting again, so a job that finished after the first call gave up
   * does not turn the answer into {@code true}. If the calling thread is interrupted while it
   * waits, the worker is stopped at once, the result is {@code false} and the interrupt status
   * is kept.
   *
   * @param timeout how long to wait for the jobs, zero or more
   * @return {@code true} when every accepted job finished within the timeout
   * @throws IllegalArgumentException when {@code timeout} is negative
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    synchronized (closeLock) {
      if (closeResult != null) {
        return closeResult;
      }
      closed = true;
      pool.shutdown();
      boolean drained;
      try {
        drained = pool.awaitTermination(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        drained = false;
      }
      if (!drained) {
        int discarded = pool.shutdownNow().size();
        log.warn("{}: close timed out after {}; interrupted running jobs, discarded {} queued",
            name, timeout, discarded);
      }
      // After the pool, so jobs still draining above kept their timeouts.
      timer.shutdownNow();
      closeResult = drained;
      return drained;
    }
  }

  @Override
  public String toString() {
    return "BoundedWorker[" + name + ", queued=" + queueDepth() + (closed ? ", closed]" : "]");
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * One execution of a job. The lock on this object makes "job still running" and "deliver the
   * timeout interrupt" one atomic step, so an interrupt is delivered only while the job runs; the
   * {@code Thread.interrupted()} after the job then clears it before the thread moves on.
   */
  private final class Run implements Runnable {
    private final Runnable job;
    private Thread runner; // guarded by this
    private boolean done; // guarded by this

    Run(Runnable job) {
      this.job = job;
    }

    @Override
    public void run() {
      synchronized (this) {
        runner = Thread.currentThread();
      }
      ScheduledFuture<?> timeout = scheduleTimeout();
      try {
        job.run();
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        failed.increment();
        log.warn("{}: job {} failed", name, job, e);
      } finally {
        synchronized (this) {
          done = true;
        }
        if (timeout != null) {
          timeout.cancel(false);
        }
        // Clears an interrupt the timeout (or anyone else) delivered while the job ran, so the
        // next job on this thread starts clean. shutdownNow() re-interrupts stopping workers
        // itself, so nothing it needs is lost here.
        Thread.interrupted();
        completed.increment();
      }
    }

    private ScheduledFuture<?> scheduleTimeout() {
      try {
        return timer.schedule(this::onTimeout, jobTimeoutNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Only after close() gave up and stopped the timer: the pool is stopping and has
        // interrupted this thread already, so a timeout would add nothing.
        return null;
      }
    }

    private void onTimeout() {
      synchronized (this) {
        if (done) {
          return;
        }
        // Counted before the interrupt so a job that sees the interrupt also sees the count.
        timedOut.increment();
        runner.interrupt();
      }
      log.warn("{}: job {} ran longer than {}; interrupted it", name, job, jobTimeout);
    }
  }

  /** Daemon threads that inherit no thread-locals from whichever thread happens to start them. */
  private static final class DaemonFactory implements ThreadFactory {
    private final String prefix;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    DaemonFactory(String prefix, boolean numbered) {
      this.prefix = prefix;
      this.numbered = numbered;
    }

    @Override
    public Thread newThread(Runnable r) {
      String threadName = numbered ? prefix + count.incrementAndGet() : prefix;
      // The pool creates threads lazily inside submit(), on a request thread; a plain
      // new Thread(r) would copy that request's inheritable thread-locals (MDC, security or
      // cancellation context) into a thread that outlives it.
      Thread t = new Thread(null, r, threadName, 0, false);
      t.setDaemon(true);
      t.setPriority(Thread.NORM_PRIORITY);
      t.setContextClassLoader(BoundedWorker.class.getClassLoader());
      return t;
    }
  }
}
