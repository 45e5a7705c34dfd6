package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DaramjweeCache#lookup}: a producer that pushes its value, coalesced like a fetcher. */
class LookupTest extends EngineTestSupport {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final TestOrigin refresher = TestOrigin.versioned("refreshed");

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void miss_filledAndCommitted_isTheNextLookupsAnswer() throws IOException {
    DaramjweeCache cache = cache(memory());
    try (Lookup miss = cache.lookup("k", CacheRequest.none(), refresher)) {
      assertThat(miss.answer()).isNull();
      produce(miss, "pushed", true);
    }
    try (Lookup hit = cache.lookup("k", CacheRequest.none(), refresher)) {
      assertThat(hit.answer()).isNotNull();
      assertThat(hit.answer().tier()).isZero();
      assertThat(new String(hit.answer().body().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("pushed");
    }
    assertThat(cache.stats().published()).isEqualTo(1);
  }

  @Test
  void abortedFill_publishesNothing() throws IOException {
    DaramjweeCache cache = cache(memory());
    try (Lookup miss = cache.lookup("k", CacheRequest.none(), refresher)) {
      produce(miss, "half", false);
    }
    try (Lookup again = cache.lookup("k", CacheRequest.none(), refresher)) {
      assertThat(again.answer()).isNull();
    }
  }

  @Test
  void concurrentLookup_waitsForTheProducer_andIsAnsweredFromItsPublish() throws Exception {
    DaramjweeCache cache = cache(memory());
    Lookup leader = cache.lookup("k", CacheRequest.none(), refresher);
    Future<String> follower = pool.submit(() -> {
      try (Lookup l = cache.lookup("k", CacheRequest.none(), refresher)) {
        return l.answer() == null ? "produced itself"
            : new String(l.answer().body().readAllBytes(), StandardCharsets.UTF_8);
      }
    });
    await().until(() -> cache.stats().misses() == 2);
    produce(leader, "one value", true);
    leader.close();
    assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo("one value");
    assertThat(cache.stats().collapsed()).isEqualTo(1);
  }

  @Test
  void followerOfAPass_producesItself() throws Exception {
    DaramjweeCache cache = cache(memory());
    Lookup leader = cache.lookup("k", CacheRequest.none(), refresher);
    Future<Boolean> followerMustProduce = followerInFlight(cache);
    leader.pass();
    assertThat(followerMustProduce.get(10, TimeUnit.SECONDS)).isTrue();
    leader.close();
  }

  @Test
  void unsettledClose_releasesTheFollowers() throws Exception {
    DaramjweeCache cache = cache(memory());
    Lookup leader = cache.lookup("k", CacheRequest.none(), refresher);
    Future<Boolean> followerMustProduce = followerInFlight(cache);
    leader.close();
    assertThat(followerMustProduce.get(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A second lookup of "k", waiting in the flight; true when it had to produce itself. */
  private Future<Boolean> followerInFlight(DaramjweeCache cache) {
    Future<Boolean> follower = pool.submit(() -> {
      try (Lookup l = cache.lookup("k", CacheRequest.none(), refresher)) {
        return l.answer() == null;
      }
    });
    await().until(() -> cache.stats().misses() == 2);
    return follower;
  }

  @Test
  void setDuringTheFill_winsOverIt() throws IOException {
    DaramjweeCache cache = cache(memory());
    try (Lookup miss = cache.lookup("k", CacheRequest.none(), refresher)) {
      try (StoreWriter fill = miss.fill(Metadata.builder().build())) {
        fill.write("old".getBytes(StandardCharsets.UTF_8));
        put(cache, "k", "newer", Metadata.builder().build());
        fill.commit();
      }
    }
    assertThat(get(cache, "k", TestOrigin.versioned("origin"))).isEqualTo("newer");
  }

  @Test
  void failingTierZero_neverReachesTheProducer_andIsCounted() throws IOException {
    FaultyStore hot = new FaultyStore(memory());
    hot.failWrites.set(true);
    DaramjweeCache cache = cache(hot);
    try (Lookup miss = cache.lookup("k", CacheRequest.none(), refresher)) {
      produce(miss, "body", true); // must not throw
    }
    assertThat(cache.stats().storeErrors()).isEqualTo(1);
    assertThat(cache.stats().published()).isZero();
  }

  @Test
  void staleEntry_isAnsweredAtOnce_andRefreshedByTheRefresher() throws IOException {
    DaramjweeCache cache = track(builder(memory()).staleWindow(Duration.ofMinutes(5)).build());
    put(cache, "k", "old", Metadata.builder().build());
    clock.advance(FRESH.plusSeconds(1));
    try (Lookup stale = cache.lookup("k", CacheRequest.none(), refresher)) {
      assertThat(stale.answer().stale()).isTrue();
      stale.answer().body().readAllBytes();
    }
    await().until(() -> refresher.calls() == 1);
    await().untilAsserted(() -> assertThat(get(cache, "k", TestOrigin.versioned("x")))
        .isEqualTo("refreshed v1"));
  }

  @Test
  void expiredEntry_standsInOnError_insideStaleIfError() throws IOException {
    DaramjweeCache cache = cache(memory());
    put(cache, "k", "old", Metadata.builder().staleIfError(Duration.ofMinutes(10)).build());
    clock.advance(FRESH.plusSeconds(1));
    try (Lookup miss = cache.lookup("k", CacheRequest.none(), refresher)) {
      assertThat(miss.answer()).isNull();
      assertThat(miss.previous()).isNotNull();
      CacheResponse stale = miss.staleOnError();
      assertThat(read(stale)).isEqualTo("old");
    }
    clock.advance(Duration.ofMinutes(10));
    try (Lookup miss = cache.lookup("k", CacheRequest.none(), refresher)) {
      assertThat(miss.staleOnError()).isNull();
    }
  }

  @Test
  void settlingTwice_isRefused() throws IOException {
    DaramjweeCache cache = cache(memory());
    try (Lookup miss = cache.lookup("k", CacheRequest.none(), refresher)) {
      miss.pass();
      assertThatThrownBy(miss::pass).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> miss.fill(Metadata.builder().build()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static void produce(Lookup lookup, String body, boolean commit) throws IOException {
    try (StoreWriter fill = lookup.fill(Metadata.builder().build())) {
      fill.write(body.getBytes(StandardCharsets.UTF_8));
      if (commit) {
        fill.commit();
      }
    }
  }
}
