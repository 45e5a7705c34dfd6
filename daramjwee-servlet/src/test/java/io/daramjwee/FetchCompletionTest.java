package io.daramjwee;

import static io.daramjwee.CoalescingTest.gated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.daramjwee.store.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a fetcher can ask of the fill besides the body: metadata completed once the body was read
 * ({@link FetchResult#completedBy}), and a bound on what is stored
 * ({@link FetchResult#storeAtMost}).
 */
class FetchCompletionTest extends EngineTestSupport {

  private static final String BODY = "0123456789"; // ten bytes

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Metadata> completed = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void completedMetadata_isWhatALaterHitSees_withTheCachedAtOfTheFetch() throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
        .completedBy(recordingLength()));
    Instant fetchedAt = clock.instant();

    CacheResponse miss = cache.get("k", origin);
    assertThat(miss.metadata().attribute("len")).as("known only after the body").isNull();
    assertThat(read(miss)).isEqualTo(BODY);
    clock.advance(Duration.ofSeconds(5));

    CacheResponse hit = cache.get("k", origin);
    assertThat(hit.hit()).isTrue();
    assertThat(hit.metadata().attribute("len")).isEqualTo("10");
    assertThat(hit.metadata().cacheTag()).isEqualTo("v1");
    assertThat(hit.metadata().cachedAt()).isEqualTo(fetchedAt);
    assertThat(read(hit)).isEqualTo(BODY);
    assertThat(completed).singleElement().satisfies(given -> assertThat(given.cachedAt())
        .as("the completion is given the stamped metadata").isEqualTo(fetchedAt));
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void completionThatChangesCachedAt_doesNotMoveTheStampedOne() throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    Instant fetchedAt = clock.instant();
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
        .completedBy(m -> m.toBuilder().cachedAt(Instant.EPOCH).attribute("len", "10").build()));

    get(cache, "k", origin);

    assertThat(hot.stat("k").cachedAt()).isEqualTo(fetchedAt);
    assertThat(hot.stat("k").attribute("len")).isEqualTo("10");
  }

  @Test
  void completedMetadata_isWhatTheLowerTiersReceive() throws IOException {
    Store hot = memory();
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
        .completedBy(recordingLength()));

    get(cache, "k", origin);

    await().atMost(Duration.ofSeconds(10)).until(() -> cold.stat("k") != null);
    assertThat(cold.stat("k")).isEqualTo(hot.stat("k"));
    assertThat(cold.stat("k").attribute("len")).isEqualTo("10");
  }

  @Test
  void callerClosingEarly_appliesNoCompletion_andPublishesNothing() throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
        .completedBy(recordingLength()));

    try (CacheResponse r = cache.get("k", origin)) {
      assertThat(r.body().readNBytes(4)).hasSize(4);
    }

    assertThat(completed).isEmpty();
    assertThat(hot.stat("k")).isNull();
    assertThat(cache.stats().fillsAborted()).isEqualTo(1);
    assertThat(get(cache, "k", origin)).isEqualTo(BODY);
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void completionThatThrows_neverFailsTheCallersRead_andStoresNothing() throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
        .completedBy(m -> {
          throw new IllegalStateException("completion failed");
        }));

    assertThat(get(cache, "k", origin)).isEqualTo(BODY);

    assertThat(hot.stat("k")).isNull();
    assertThat(get(cache, "k", origin)).isEqualTo(BODY);
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void completionThatThrows_abortsTheWrite_soAFileStoreKeepsNoTempFile(@TempDir Path dir)
      throws IOException {
    try (FileStore hot = FileStore.builder().directory(dir).capacity(64L << 20).build()) {
      DaramjweeCache cache = cache(hot);
      TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
          .completedBy(m -> {
            throw new IllegalStateException("completion failed");
          }));

      assertThat(get(cache, "k", origin)).isEqualTo(BODY);

      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.map(Path::toString).filter(f -> f.endsWith(".tmp"))).isEmpty();
      }
    }
  }

  @Test
  void bodyOverTheStoreLimit_isServedWhole_butNotStored_andCountsAsAnAbortedFill()
      throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
        .storeAtMost(BODY.length() - 1));

    assertThat(get(cache, "k", origin)).isEqualTo(BODY);

    assertThat(hot.stat("k")).isNull();
    CacheStats stats = cache.stats();
    assertThat(stats.fillsAborted()).isEqualTo(1);
    assertThat(stats.storeErrors()).as("not a tier failure").isZero();
    assertThat(stats.published()).isZero();
    assertThat(get(cache, "k", origin)).isEqualTo(BODY);
    assertThat(origin.calls()).isEqualTo(2);
  }

  @Test
  void bodyExactlyAtTheStoreLimit_isStored_andCompleted() throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(BODY, "v" + n)
        .storeAtMost(BODY.length()).completedBy(recordingLength()));

    assertThat(get(cache, "k", origin)).isEqualTo(BODY);

    assertThat(stored(hot, "k")).isEqualTo(BODY);
    assertThat(hot.stat("k").attribute("len")).isEqualTo("10");
    CacheResponse hit = cache.get("k", origin);
    assertThat(hit.hit()).isTrue();
    assertThat(read(hit)).isEqualTo(BODY);
    assertThat(origin.calls()).isEqualTo(1);
    assertThat(cache.stats().fillsAborted()).isZero();
  }

  @Test
  void storeLimitOfZero_storesNothing_evenAnEmptyBody() throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.answering((n, prev) -> TestOrigin.body(n == 1 ? "" : BODY,
        "v" + n).storeAtMost(0).completedBy(recordingLength()));

    assertThat(get(cache, "empty", origin)).isEmpty();
    assertThat(get(cache, "k", origin)).isEqualTo(BODY);

    assertThat(hot.stat("empty")).isNull();
    assertThat(hot.stat("k")).isNull();
    assertThat(completed).as("nothing to complete").isEmpty();
    assertThat(cache.stats().storeErrors()).isZero();
    assertThat(cache.stats().published()).isZero();
  }

  @Test
  void followersOfALeaderWhoseBodyOutgrewTheLimit_fetchForThemselves() throws Exception {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    CountDownLatch halfRead = new CountDownLatch(1);
    CountDownLatch rest = new CountDownLatch(1);
    TestOrigin origin = TestOrigin.answering((n, prev) -> n == 1
        ? FetchResult.body(gated("first half|", "second half", halfRead, rest),
            Metadata.ofTag("v1")).storeAtMost(15) // the first half fits, the whole does not
        : TestOrigin.body("small", "v" + n).storeAtMost(15));

    Future<String> leader = pool.submit(() -> get(cache, "k", origin));
    assertThat(halfRead.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<CacheResponse>> followers = List.of(pool.submit(() -> cache.get("k", origin)),
        pool.submit(() -> cache.get("k", origin)));
    await().until(() -> cache.stats().misses() == 3); // both are in the leader's flight
    rest.countDown();

    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("first half|second half");
    for (Future<CacheResponse> follower : followers) {
      CacheResponse response = follower.get(10, TimeUnit.SECONDS);
      assertThat(response.collapsed()).isFalse();
      assertThat(read(response)).isEqualTo("small");
    }
    assertThat(origin.calls()).isEqualTo(3);
    assertThat(stored(hot, "k")).isEqualTo("small");
    assertThat(cache.stats().storeErrors()).isZero();
  }

  /** Records the metadata it is given and adds the body length, as the HTTP layer does. */
  private UnaryOperator<Metadata> recordingLength() {
    return m -> {
      completed.add(m);
      return m.toBuilder().attribute("len", Integer.toString(BODY.length())).build();
    };
  }
}
