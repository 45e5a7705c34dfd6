package io.daramjwee.internal;

import java.util.Objects;

/**
 * A background job with a description for logs ("refresh of key 'a'"), which a lambda's
 * {@code toString()} cannot give. Immutable; as thread-safe as the job it wraps.
 */
public final class NamedJob implements Runnable {

  private final String description;
  private final Runnable job;

  public NamedJob(String description, Runnable job) {
    this.description = Objects.requireNonNull(description, "description");
    this.job = Objects.requireNonNull(job, "job");
  }

  @Override
  public void run() {
    job.run();
  }

  @Override
  public String toString() {
    return description;
  }
}
