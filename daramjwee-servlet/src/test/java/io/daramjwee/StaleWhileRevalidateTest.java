package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.daramjwee.CacheResponse.Status;
import io.daramjwee.internal.BoundedWorker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Stale entries: served at once, refreshed once in the background, renewed, or used on error. */
class StaleWhileRevalidateTest extends EngineTestSupport {

  static final Duration STALE = Duration.ofMinutes(5);

  @Test
  void staleEntry_isServedAtOnce_thenReplacedByTheRefresh() throws Exception {
    Store hot = memory();
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = track(builder(hot).staleWindow(STALE).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));
    origin.close(); // the refresh will hang in the origin: the stale answer must not wait for it

    CacheResponse stale = cache.get("a", origin);
    assertThat(stale.stale()).isTrue();
    assertThat(read(stale)).isEqualTo("article v1");

    await().until(() -> origin.calls() == 2);
    assertThat(origin.previous.get(1).cacheTag()).isEqualTo("v1");
    origin.open();
    await().until(() -> "article v2".equals(stored(hot, "a")));
    try (CacheResponse fresh = cache.get("a", origin)) {
      assertThat(fresh.stale()).isFalse();
      assertThat(fresh.metadata().cacheTag()).isEqualTo("v2");
    }
    assertThat(cache.stats().staleHits()).isEqualTo(1);
  }

  @Test
  void refreshIsScheduledOnlyWhenTheCallerCloses() throws Exception {
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = track(builder(memory()).staleWindow(STALE).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));

    CacheResponse stale = cache.get("a", origin);
    stale.body().readAllBytes();
    assertThat(cache.stats().refreshesScheduled()).isZero();
    stale.close();
    assertThat(cache.stats().refreshesScheduled()).isEqualTo(1);
    await().until(() -> origin.calls() == 2);
  }

  @Test
  void staleAnswerClosedAfterTheRefreshFinished_callsTheOriginNoMore() throws Exception {
    TestOrigin origin = TestOrigin.versioned("article");
    TestOrigin other = TestOrigin.versioned("other");
    // One worker thread: jobs run in the order they were queued.
    DaramjweeCache cache = track(builder(memory()).staleWindow(STALE)
        .worker(1, 16, Duration.ofSeconds(30)).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));
    CacheResponse first = cache.get("a", origin);
    CacheResponse second = cache.get("a", origin); // still being read when the refresh ends
    assertThat(first.stale()).isTrue();
    assertThat(second.stale()).isTrue();

    first.close();
    await().until(() -> cache.stats().published() == 2); // refreshed: v2 is stored
    second.close(); // asks to refresh v1 again, which is no longer stored
    cache.scheduleRefresh("b", other); // queued behind that job
    await().until(() -> other.calls() == 1);

    assertThat(cache.stats().refreshesScheduled()).isEqualTo(3);
    assertThat(origin.calls()).as("the fill and one refresh").isEqualTo(2);
    try (CacheResponse fresh = cache.get("a", origin)) {
      assertThat(fresh.stale()).isFalse();
      assertThat(fresh.metadata().cacheTag()).isEqualTo("v2");
    }
  }

  @Test
  void theRefreshKeepsTheDetachedFetcher_askedForOnTheThreadThatScheduledIt() throws Exception {
    TestOrigin origin = TestOrigin.versioned("article");
    List<Thread> askedOn = new CopyOnWriteArrayList<>();
    Fetcher deferred = new Fetcher() {
      @Override
      public FetchResult fetch(Metadata previous) {
        throw new AssertionError("a refresh must fetch with the detached fetcher");
      }

      @Override
      public Fetcher detached() {
        askedOn.add(Thread.currentThread());
        return origin;
      }
    };
    Store hot = memory();
    DaramjweeCache cache = track(builder(hot).staleWindow(STALE).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));

    Lookup lookup = cache.lookup("a", CacheRequest.none(), deferred);
    try (CacheResponse stale = lookup.answer()) {
      assertThat(stale.stale()).isTrue();
      assertThat(askedOn).isEmpty(); // scheduled when the stale answer closes
      stale.body().readAllBytes();
    }
    lookup.close();

    assertThat(askedOn).containsExactly(Thread.currentThread());
    await().until(() -> "article v2".equals(stored(hot, "a")));
  }

  @Test
  void refreshStormOnOneKey_makesAtMostOneOriginCallAtATime() throws Exception {
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = track(builder(memory()).staleWindow(STALE).worker(4, 64,
        Duration.ofSeconds(30)).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));
    origin.close();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> reads = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        reads.add(pool.submit(() -> get(cache, "a", origin)));
      }
      for (Future<String> f : reads) {
        assertThat(f.get()).isEqualTo("article v1");
      }
    } finally {
      pool.shutdown();
    }
    await().until(() -> origin.calls() == 2); // the one refresh is waiting in the origin
    origin.open();
    await().until(() -> cache.stats().published() == 2);

    assertThat(origin.calls()).isEqualTo(2);
    assertThat(origin.maxConcurrent.get()).isEqualTo(1);
  }

  @Test
  void expiredEntryAnsweredNotModified_isServedFromCacheAndRenewed() throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) -> n == 1
        ? TestOrigin.body("article", "v1") : FetchResult.notModified());
    DaramjweeCache cache = cache(memory());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));

    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(r.revalidated()).isTrue();
      assertThat(new String(r.body().readAllBytes())).isEqualTo("article");
      assertThat(r.metadata().cachedAt()).isEqualTo(clock.instant());
    }
    assertThat(origin.previous.get(1).cacheTag()).isEqualTo("v1");

    clock.advance(FRESH.minusSeconds(1)); // fresh again, counted from the renewal
    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(r.tier()).isZero();
      assertThat(r.stale()).isFalse();
    }
    assertThat(origin.calls()).isEqualTo(2);
    assertThat(cache.stats().notModified()).isEqualTo(1);
  }

  @Test
  void notModifiedForAConditionalCaller_renewsInTheBackground() throws IOException {
    Store hot = memory();
    TestOrigin origin = TestOrigin.answering((n, prev) -> n == 1
        ? TestOrigin.body("article", "v1") : FetchResult.notModified());
    DaramjweeCache cache = cache(hot);
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));

    try (CacheResponse r = cache.get("a", CacheRequest.ifNoneMatch("v1"), origin)) {
      assertThat(r.status()).isEqualTo(Status.NOT_MODIFIED);
      assertThat(r.revalidated()).isTrue();
    }
    await().until(() -> clock.instant().equals(hot.stat("a").cachedAt()));
    assertThat(stored(hot, "a")).isEqualTo("article");
  }

  @Test
  void backgroundRefreshAnsweredNotModified_renewsTheEntry() throws Exception {
    Store hot = memory();
    TestOrigin origin = TestOrigin.answering((n, prev) -> n == 1
        ? TestOrigin.body("article", "v1")
        : FetchResult.notModified(prev.toBuilder().attribute("renewed", "yes").build()));
    DaramjweeCache cache = track(builder(hot).staleWindow(STALE).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));

    get(cache, "a", origin); // stale: schedules the refresh

    await().until(() -> "yes".equals(hot.stat("a").attribute("renewed")));
    assertThat(hot.stat("a").cachedAt()).isEqualTo(clock.instant());
    assertThat(stored(hot, "a")).isEqualTo("article");
  }

  @Test
  void originFailure_servesAnExpiredEntryInsideStaleIfError_andFailsAfter() throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) -> {
      if (n == 1) {
        return TestOrigin.body("article", "v1");
      }
      throw new IOException("origin down");
    });
    DaramjweeCache cache = track(builder(memory()).staleIfError(Duration.ofMinutes(10)).build());
    get(cache, "a", origin);

    clock.advance(FRESH.plusMinutes(5));
    try (CacheResponse r = cache.get("a", origin)) {
      assertThat(r.stale()).isTrue();
      assertThat(new String(r.body().readAllBytes())).isEqualTo("article");
    }

    clock.advance(Duration.ofMinutes(6));
    assertThatThrownBy(() -> cache.get("a", origin)).hasMessage("origin down");
  }

  @Test
  void failingRefresh_keepsServingTheStaleEntry_andTheWorkerLivesOn() throws Exception {
    TestOrigin origin = TestOrigin.answering((n, prev) -> {
      if (n == 1) {
        return TestOrigin.body("article", "v1");
      }
      if (n == 2) {
        throw new IOException("origin down");
      }
      return TestOrigin.body("article", "v" + n);
    });
    Store hot = memory();
    DaramjweeCache cache = track(builder(hot).staleWindow(STALE).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));

    assertThat(get(cache, "a", origin)).isEqualTo("article");
    await().until(() -> origin.calls() == 2 && cache.stats().originErrors() == 1);
    assertThat(get(cache, "a", origin)).isEqualTo("article"); // still stale: a second refresh
    await().until(() -> "v3".equals(hot.stat("a").cacheTag()));
  }

  @Test
  void fullWorkerQueue_dropsTheRefresh_withoutBlockingTheCaller() throws Exception {
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = track(builder(memory()).staleWindow(STALE)
        .worker(1, 1, Duration.ofSeconds(30)).build());
    for (String key : List.of("a", "b", "c")) {
      get(cache, key, origin);
    }
    clock.advance(FRESH.plusSeconds(1));
    origin.close();

    get(cache, "a", origin); // its refresh occupies the only thread, waiting in the origin
    await().until(() -> origin.calls() == 4);
    get(cache, "b", origin); // its refresh fills the only queue slot
    assertThat(get(cache, "c", origin)).isEqualTo("article v3"); // its refresh is dropped

    assertThat(cache.stats().jobsDropped()).isEqualTo(1);
    assertThat(cache.stats().workerQueueDepth()).isEqualTo(1);
    origin.open();
    await().until(() -> cache.stats().workerQueueDepth() == 0 && origin.calls() == 5);
  }

  @Test
  void refresh_outlivesTheRequestThreadThatScheduledIt() throws Exception {
    Store hot = memory();
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = track(builder(hot).staleWindow(STALE).build());
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));
    origin.close();

    Thread request = new Thread(() -> {
      try {
        get(cache, "a", origin);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Thread.currentThread().interrupt(); // the request is cancelled and its thread ends
    });
    request.start();
    request.join(10_000);
    assertThat(request.isAlive()).isFalse();
    await().until(() -> origin.calls() == 2);
    origin.open();

    await().until(() -> "article v2".equals(stored(hot, "a")));
  }

  @Test
  void refreshStuckPastTheJobTimeout_isInterruptedCountedAndLoggedByKey() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger workerLog = (Logger) LoggerFactory.getLogger(BoundedWorker.class);
    workerLog.addAppender(log);
    TestOrigin origin = TestOrigin.versioned("article");
    try {
      DaramjweeCache cache = track(builder(memory()).staleWindow(STALE)
          .worker(1, 8, Duration.ofMillis(200)).build());
      get(cache, "a", origin);
      clock.advance(FRESH.plusSeconds(1));
      origin.close(); // the refresh waits in the origin until the worker interrupts it

      assertThat(get(cache, "a", origin)).isEqualTo("article v1");

      await().until(() -> cache.stats().jobsFailed() == 1);
      assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(line -> line.contains("refresh of key 'a'"));
    } finally {
      workerLog.detachAppender(log);
      origin.open();
    }
  }

  @Test
  void scheduleRefresh_isDeduplicatedPerKey() throws Exception {
    TestOrigin origin = TestOrigin.versioned("article");
    DaramjweeCache cache = cache(memory());
    origin.close();

    assertThat(cache.scheduleRefresh("a", origin)).isTrue();
    assertThat(cache.scheduleRefresh("a", origin)).isFalse();
    assertThat(cache.scheduleRefresh("b", origin)).isTrue();
    origin.open();
    await().until(() -> cache.stats().published() == 2);
    assertThat(origin.previous).allMatch(m -> "<none>".equals(m.cacheTag()));
  }
}
