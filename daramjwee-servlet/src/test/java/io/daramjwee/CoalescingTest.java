package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent misses on one key reach the origin once, and a failed leader strands no one. */
class CoalescingTest extends EngineTestSupport {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void fiftyConcurrentMisses_makeOneOriginCall() throws Exception {
    TestOrigin origin = TestOrigin.versioned("report");
    DaramjweeCache cache = cache(memory());
    origin.close();

    List<Future<String>> reads = submit(50, () -> get(cache, "k", origin));
    await().until(() -> cache.stats().misses() == 50); // all 50 are in the flight
    origin.open();

    for (Future<String> read : reads) {
      assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("report v1");
    }
    assertThat(origin.calls()).isEqualTo(1);
    assertThat(cache.stats().collapsed()).isEqualTo(49);
  }

  @Test
  void waiterArrivingWhileTheLeaderStreams_makesNoSecondCall() throws Exception {
    CountDownLatch halfRead = new CountDownLatch(1);
    CountDownLatch rest = new CountDownLatch(1);
    TestOrigin origin = TestOrigin.answering((n, prev) -> FetchResult.body(
        gated("first half|", "second half", halfRead, rest), Metadata.ofTag("v" + n)));
    DaramjweeCache cache = cache(memory());

    Future<String> leader = pool.submit(() -> get(cache, "k", origin));
    assertThat(halfRead.await(10, TimeUnit.SECONDS)).isTrue();
    Future<CacheResponse> follower = pool.submit(() -> cache.get("k", origin));
    await().until(() -> cache.stats().misses() == 2);
    rest.countDown();

    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("first half|second half");
    CacheResponse followed = follower.get(10, TimeUnit.SECONDS);
    assertThat(followed.collapsed()).isTrue();
    assertThat(read(followed)).isEqualTo("first half|second half");
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void leaderThatFails_releasesFollowers_whoFetchForThemselves() throws Exception {
    TestOrigin origin = TestOrigin.answering((n, prev) -> {
      if (n == 1) {
        throw new IOException("leader's origin call failed");
      }
      return TestOrigin.body("report", "v" + n);
    });
    DaramjweeCache cache = cache(memory());
    origin.close();

    Future<String> leader = pool.submit(() -> get(cache, "k", origin));
    await().until(() -> origin.calls() == 1);
    List<Future<String>> followers = submit(5, () -> get(cache, "k", origin));
    await().until(() -> cache.stats().misses() == 6);
    origin.open();

    assertThat(leader).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("leader's origin call failed");
    for (Future<String> f : followers) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("report");
    }
    assertThat(origin.calls()).isEqualTo(6);
  }

  @Test
  void leaderThatClosesEarly_releasesFollowers() throws Exception {
    CountDownLatch halfRead = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    TestOrigin origin = TestOrigin.answering((n, prev) -> FetchResult.body(n == 1
        ? gated("first half|", "never read", halfRead, never)
        : TestOrigin.stream("whole"), Metadata.ofTag("v" + n)));
    DaramjweeCache cache = cache(memory());

    CacheResponse leader = cache.get("k", origin);
    leader.body().readNBytes(3);
    Future<String> follower = pool.submit(() -> get(cache, "k", origin));
    await().until(() -> cache.stats().misses() == 2);
    leader.close();

    assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo("whole");
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void stuckLeader_isAbandonedAfterTheOpTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TestOrigin origin = TestOrigin.answering((n, prev) -> {
      if (n == 1) {
        awaitQuietly(release);
      }
      return TestOrigin.body("report", "v" + n);
    });
    DaramjweeCache cache = track(builder(memory()).opTimeout(Duration.ofMillis(200)).build());

    Future<String> leader = pool.submit(() -> get(cache, "k", origin));
    await().until(() -> origin.calls() == 1);
    assertThat(get(cache, "k", origin)).isEqualTo("report"); // waited 200 ms, then fetched
    assertThat(get(cache, "k", origin)).isEqualTo("report"); // served from the cache now
    assertThat(origin.calls()).isEqualTo(2);

    release.countDown();
    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("report");
  }

  private <T> List<Future<T>> submit(int n, java.util.concurrent.Callable<T> task) {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(pool.submit(task));
    }
    return futures;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Serves {@code first}, signals {@code reached}, and serves {@code second} once released. */
  static InputStream gated(String first, String second, CountDownLatch reached,
      CountDownLatch release) {
    byte[] a = first.getBytes(StandardCharsets.UTF_8);
    byte[] b = second.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      int pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (pos < a.length) {
          int n = Math.min(len, a.length - pos);
          System.arraycopy(a, pos, buf, off, n);
          pos += n;
          return n;
        }
        reached.countDown();
        awaitQuietly(release);
        if (release.getCount() > 0) {
          throw new IOException("gate was never opened");
        }
        int at = pos - a.length;
        if (at >= b.length) {
          return -1;
        }
        int n = Math.min(len, b.length - at);
        System.arraycopy(b, at, buf, off, n);
        pos += n;
        return n;
      }
    };
  }
}
