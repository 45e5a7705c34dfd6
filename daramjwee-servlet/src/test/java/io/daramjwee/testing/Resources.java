package io.daramjwee.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened, closed after it newest first: every resource is tried, and the first
 * failure is thrown with the later ones suppressed. Not thread-safe: for the test's own thread.
 */
public final class Resources implements AutoCloseable {

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Closes {@code resource} with the others, before anything added earlier. */
  public <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
