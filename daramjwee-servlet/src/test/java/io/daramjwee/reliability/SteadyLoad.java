package io.daramjwee.reliability;

import io.daramjwee.testing.TestClient;
import io.daramjwee.testing.TestClient.Reply;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A steady stream of GETs from a few client threads, each request's path chosen by its sequence
 * number, until closed. Every reply is checked against the bytes the origin answers for its path;
 * anything else (another status, other bytes, an exception such as a timeout) is kept as a
 * failure for the test to report. Thread-safe.
 */
final class SteadyLoad implements AutoCloseable {

  private final ExecutorService threads;
  private final AtomicInteger sequence = new AtomicInteger();
  private final LongAdder answered = new LongAdder();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  /**
   * Starts {@code clients} threads sending GETs of {@code pathOf(n)} through {@code client};
   * {@code expected} gives the bytes a path must answer.
   */
  SteadyLoad(TestClient client, int clients, IntFunction<String> pathOf,
      Function<String, byte[]> expected) {
    threads = Executors.newFixedThreadPool(clients, r -> {
      Thread t = new Thread(r, "steady-load");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < clients; i++) {
      threads.execute(() -> {
        while (running) {
          String path = pathOf.apply(sequence.getAndIncrement());
          try {
            Reply reply = client.get(path);
            if (reply.status() != 200 || !Arrays.equals(reply.body(), expected.apply(path))) {
              failures.add(path + ": " + reply.status() + " " + reply.cacheStatus()
                  + ", body of " + reply.body().length + " bytes");
            }
          } catch (RuntimeException e) {
            failures.add(path + ": " + e);
          }
          answered.increment();
        }
      });
    }
  }

  /** Requests answered so far, well or not. */
  long answered() {
    return answered.sum();
  }

  /** What went wrong: one line per reply that was not the origin's 200. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Stops sending and waits for the requests in flight. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    threads.shutdown();
    if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
      threads.shutdownNow();
      throw new IllegalStateException("load threads still running after 30 s");
    }
  }
}
