package io.daramjwee.spring;

import java.time.Duration;

/**
 * The background worker. Bound from {@code daramjwee.worker} as part of
 * {@link DaramjweeProperties}; mutable for the binder, and only read once bound.
 */
public class WorkerProperties {

  /** How many threads run refreshes and lower-tier writes. */
  private int threads = 2;

  /** How many jobs may wait; a full queue drops new jobs rather than blocking requests. */
  private int queueSize = 1024;

  /** How long one job may run before it is interrupted. */
  private Duration jobTimeout = Duration.ofSeconds(30);

  public int getThreads() {
    return threads;
  }

  public void setThreads(int threads) {
    this.threads = threads;
  }

  public int getQueueSize() {
    return queueSize;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public Duration getJobTimeout() {
    return jobTimeout;
  }

  public void setJobTimeout(Duration jobTimeout) {
    this.jobTimeout = jobTimeout;
  }
}
