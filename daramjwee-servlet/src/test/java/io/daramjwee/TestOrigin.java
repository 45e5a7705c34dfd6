package io.daramjwee;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory origin for engine tests: counts calls, records the previous metadata each call was
 * given, answers with a configurable result, and can hold callers at a gate (for coalescing
 * tests). Thread-safe.
 */
final class TestOrigin implements Fetcher {

  /** Produces the answer for one call; {@code n} counts calls from 1. */
  @FunctionalInterface
  interface Answer {
    FetchResult answer(int n, Metadata previous) throws IOException;
  }

  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();
  final List<Metadata> previous = new CopyOnWriteArrayList<>();
  final CountDownLatch entered = new CountDownLatch(1);
  private volatile CountDownLatch gate;
  private volatile Answer answer;

  private TestOrigin(Answer answer) {
    this.answer = answer;
  }

  /** Answers every call with {@code body}, tagged with the call number ("v1", "v2", ...). */
  static TestOrigin versioned(String body) {
    return new TestOrigin((n, prev) -> body(body + " v" + n, "v" + n));
  }

  static TestOrigin answering(Answer answer) {
    return new TestOrigin(answer);
  }

  static FetchResult body(String text, String tag) {
    return FetchResult.body(stream(text), Metadata.ofTag(tag));
  }

  static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  void answer(Answer answer) {
    this.answer = answer;
  }

  /** Makes callers wait in fetch until {@link #open()}. */
  void close() {
    gate = new CountDownLatch(1);
  }

  void open() {
    CountDownLatch g = gate;
    if (g != null) {
      g.countDown();
    }
  }

  int calls() {
    return calls.get();
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    int n = calls.incrementAndGet();
    int now = concurrent.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    this.previous.add(previous == null ? Metadata.ofTag("<none>") : previous);
    try {
      entered.countDown();
      CountDownLatch g = gate;
      if (g != null && !g.await(30, TimeUnit.SECONDS)) {
        throw new IOException("test gate never opened");
      }
      return answer.answer(n, previous);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      concurrent.decrementAndGet();
    }
  }
}
