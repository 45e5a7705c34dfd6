package io.daramjwee.reliability;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller behind the reliability scenarios: answers every path with bytes derived from the
 * path and the current {@linkplain #nextVersion version}, so a test can tell the origin's bytes
 * from anything a damaged tier would serve ({@link #expected}). Counts calls per path; with a
 * {@linkplain #holdRepeatCalls gate} every call of a path after its first (a refresh, in a test
 * whose first request stored it) waits for the gate, which makes refreshes as slow as a test
 * wants without sleeping. Thread-safe.
 */
final class BodyOrigin extends HttpServlet {

  private final int size;
  private final AtomicInteger version = new AtomicInteger(1);
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private volatile CountDownLatch gate;

  /** Answers bodies of {@code size} bytes. */
  BodyOrigin(int size) {
    this.size = size;
  }

  /** The body the origin answers for {@code path} now. */
  byte[] expected(String path) {
    return body(path, version.get(), size);
  }

  /** From now on the origin answers a new version of every path. */
  void nextVersion() {
    version.incrementAndGet();
  }

  /** Makes every call of a path after its first wait until {@code gate} opens (at most 30 s). */
  void holdRepeatCalls(CountDownLatch gate) {
    this.gate = gate;
  }

  int calls(String path) {
    AtomicInteger n = calls.get(path);
    return n == null ? 0 : n.get();
  }

  /** Calls of every path together. */
  int totalCalls() {
    return total.get();
  }

  static byte[] body(String path, int version, int size) {
    byte[] bytes = new byte[size];
    new Random(31L * path.hashCode() + version).nextBytes(bytes);
    return bytes;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getRequestURI();
    int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    total.incrementAndGet();
    CountDownLatch g = gate;
    if (g != null && call > 1) {
      try {
        if (!g.await(30, TimeUnit.SECONDS)) {
          response.sendError(504, "the test never opened the gate");
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted at the gate", e);
      }
    }
    byte[] body = expected(path);
    response.setContentType("application/octet-stream");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
