package io.daramjwee.store.ehcache;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ehcache.core.spi.service.ExecutionService;
import org.ehcache.impl.internal.executor.OnDemandExecutionService;
import org.ehcache.spi.service.Service;
import org.ehcache.spi.service.ServiceProvider;

/**
 * Bounds what Ehcache's disk pool holds on the heap while it writes behind. Ehcache (3.10) writes
 * a disk pool's values after the {@code put} returns, each pending value in a heap buffer, on an
 * ordered executor whose queue is unbounded ({@code DiskWriteThreadPool}); a writer that outruns
 * the disk would pile chunks up on the heap without limit. This is the manager's
 * {@link ExecutionService}: Ehcache's own on-demand one, with every ordered executor counting the
 * tasks it has not finished, so that {@link Chunks#put} can wait for room before it hands over
 * the next chunk, holding no Ehcache lock. Thread-safe.
 */
final class DiskWriteBacklog implements ExecutionService {

  private final ExecutionService delegate = new OnDemandExecutionService();
  private final Object lock = new Object();
  private int pending; // guarded by lock
  private int most; // guarded by lock

  /** Tasks handed to an ordered executor and not finished yet. */
  int pending() {
    synchronized (lock) {
      return pending;
    }
  }

  /** The most tasks that were pending at once. */
  int mostPending() {
    synchronized (lock) {
      return most;
    }
  }

  /**
   * Returns once fewer than {@code limit} tasks are pending.
   *
   * @throws IOException when none finished for {@code timeoutMillis}, or the wait was interrupted
   */
  void awaitBelow(int limit, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (lock) {
      while (pending >= limit) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IOException("the disk pool is " + pending + " writes behind after "
              + timeoutMillis + " ms");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while the disk pool caught up", e);
        }
      }
    }
  }

  private void started() {
    synchronized (lock) {
      pending++;
      most = Math.max(most, pending);
    }
  }

  private void finished() {
    synchronized (lock) {
      pending--;
      lock.notifyAll();
    }
  }

  @Override
  public ExecutorService getOrderedExecutor(String poolAlias, BlockingQueue<Runnable> queue) {
    return new Counting(delegate.getOrderedExecutor(poolAlias, queue));
  }

  @Override
  public ExecutorService getUnorderedExecutor(String poolAlias, BlockingQueue<Runnable> queue) {
    return delegate.getUnorderedExecutor(poolAlias, queue);
  }

  @Override
  public ScheduledExecutorService getScheduledExecutor(String poolAlias) {
    return delegate.getScheduledExecutor(poolAlias);
  }

  @Override
  public void start(ServiceProvider<Service> serviceProvider) {
    delegate.start(serviceProvider);
  }

  @Override
  public void stop() {
    delegate.stop();
  }

  /** An executor that counts what it was handed until each task has run. */
  private final class Counting extends AbstractExecutorService {
    private final ExecutorService executor;

    Counting(ExecutorService executor) {
      this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
      started();
      try {
        executor.execute(() -> {
          try {
            task.run();
          } finally {
            finished();
          }
        });
      } catch (RuntimeException e) {
        finished(); // rejected: never runs
        throw e;
      }
    }

    @Override
    public void shutdown() {
      executor.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      List<Runnable> dropped = executor.shutdownNow();
      for (int i = 0; i < dropped.size(); i++) {
        finished();
      }
      return dropped;
    }

    @Override
    public boolean isShutdown() {
      return executor.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return executor.awaitTermination(timeout, unit);
    }
  }
}
