package io.daramjwee.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outermost filter of a {@link TomcatServer}: counts requests that have entered the server
 * and not yet finished, including async ones until their completion and the filter's own
 * loopback refreshes. Tests use it to know that every concurrent request has arrived, and that
 * the filter under test is done with a request (so "nothing was published" is checked after the
 * publish would have happened, not before). Thread-safe.
 */
final class RequestTracker implements Filter {

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    inFlight.incrementAndGet();
    boolean async = false;
    try {
      chain.doFilter(request, response);
      if (request.isAsyncStarted()) {
        // Added after the inner filter's listener, so Tomcat runs it after that one's onComplete.
        request.getAsyncContext().addListener(new Done());
        async = true;
      }
    } finally {
      if (!async) {
        done();
      }
    }
  }

  /** Requests that entered the server and have not finished. */
  int inFlight() {
    return inFlight.get();
  }

  /** Requests that have finished since the server started. */
  int finished() {
    return finished.get();
  }

  private void done() {
    inFlight.decrementAndGet();
    finished.incrementAndGet();
  }

  /**
   * Counts an async request finished once, whichever way its async cycle ends. Once: after a
   * timeout Tomcat may tell a listener of completion more than once.
   */
  private final class Done implements AsyncListener {
    private final AtomicBoolean counted = new AtomicBoolean();

    @Override
    public void onComplete(AsyncEvent event) {
      if (counted.compareAndSet(false, true)) {
        done();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
