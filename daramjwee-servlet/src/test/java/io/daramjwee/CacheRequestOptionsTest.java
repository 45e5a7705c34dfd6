package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-call options of {@link CacheRequest} beyond conditionals: variant selection
 * ({@code selecting}, {@code selectingOnly}), a caller's own freshness demands ({@code requiring})
 * and its tolerance of expired entries ({@code allowingStale}); and {@link Lookup#renew}.
 */
class CacheRequestOptionsTest extends EngineTestSupport {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static Metadata variant(String language) {
    return Metadata.builder().cacheTag(language).attribute("lang", language).build();
  }

  private static CacheRequest wants(String language) {
    return CacheRequest.none().selecting(m -> language.equals(m.attribute("lang")));
  }

  private static TestOrigin origin(String language) {
    return TestOrigin.answering((n, previous) -> FetchResult.body(
        TestOrigin.stream(language + " v" + n), variant(language)));
  }

  @Test
  void selecting_otherVariantInTier0_isAnsweredAsOtherVariant_withoutFetchOrHit()
      throws IOException {
    DaramjweeCache cache = cache(memory());
    put(cache, "k", "english", variant("en"));
    TestOrigin origin = origin("ko");
    try (CacheResponse r = cache.get("k", wants("ko"), origin)) {
      assertThat(r.status()).isEqualTo(CacheResponse.Status.OTHER_VARIANT);
      assertThat(r.metadata().attribute("lang")).isEqualTo("en");
      assertThat(r.body().readAllBytes()).isEmpty();
    }
    assertThat(origin.calls()).isZero();
    assertThat(cache.stats().tierHits().get(0)).isZero();
    // The caller's own variant is served as usual.
    assertThat(read(cache.get("k", wants("en"), origin))).isEqualTo("english");
  }

  @Test
  void selecting_otherVariantInALowerTier_isAnsweredAsOtherVariant() throws IOException {
    Store hot = memory();
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);
    put(cache, "k", "english", variant("en"));
    await(() -> stored(cold, "k") != null);
    hot.delete("k");
    try (Lookup lookup = cache.lookup("k", wants("ko"), origin("ko"))) {
      assertThat(lookup.answer().status()).isEqualTo(CacheResponse.Status.OTHER_VARIANT);
      assertThat(lookup.answer().tier()).isEqualTo(1);
    }
    assertThat(stored(hot, "k")).as("another variant is not promoted").isNull();
  }

  @Test
  void selecting_expiredOtherVariant_isPassedOver_andReplacedByTheMiss() throws IOException {
    DaramjweeCache cache = cache(memory());
    put(cache, "k", "english", variant("en"));
    clock.advance(FRESH.plusSeconds(1));
    TestOrigin origin = origin("ko");
    assertThat(read(cache.get("k", wants("ko"), origin))).isEqualTo("ko v1");
    assertThat(origin.previous).singleElement()
        .satisfies(m -> assertThat(m.cacheTag()).as("not revalidated with another variant's tag")
            .isEqualTo("<none>"));
  }

  @Test
  void selectingOnly_otherVariant_isAMiss_whoseFillReplacesIt() throws IOException {
    DaramjweeCache cache = cache(memory());
    put(cache, "k", "english", variant("en"));
    TestOrigin origin = origin("ko");
    CacheRequest ko = CacheRequest.none().selectingOnly(m -> "ko".equals(m.attribute("lang")));
    assertThat(read(cache.get("k", ko, origin))).isEqualTo("ko v1");
    assertThat(read(cache.get("k", ko, origin))).isEqualTo("ko v1");
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void selecting_followerOfAnotherVariantsMiss_isAnsweredOtherVariant() throws Exception {
    DaramjweeCache cache = cache(memory());
    TestOrigin english = origin("en");
    english.close();
    Future<String> leader = pool.submit(() -> get(cache, "k", english));
    english.entered.await(10, TimeUnit.SECONDS);
    Future<CacheResponse.Status> follower = pool.submit(() -> {
      try (CacheResponse r = cache.get("k", wants("ko"), origin("ko"))) {
        return r.status();
      }
    });
    await(() -> cache.stats().misses() == 2);
    english.open();
    assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("en v1");
    assertThat(follower.get(10, TimeUnit.SECONDS))
        .isEqualTo(CacheResponse.Status.OTHER_VARIANT);
  }

  @Test
  void requiring_refusedFreshEntry_isRevalidatedWithTheOrigin() throws IOException {
    DaramjweeCache cache = cache(memory());
    put(cache, "k", "stored", Metadata.ofTag("t1"));
    TestOrigin origin = TestOrigin.answering((n, previous) -> FetchResult.notModified());
    CacheRequest young = CacheRequest.none().requiring(m -> false);
    try (CacheResponse r = cache.get("k", young, origin)) {
      assertThat(r.source()).isEqualTo(CacheResponse.Source.REVALIDATED);
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("stored");
    }
    assertThat(origin.previous).singleElement()
        .satisfies(m -> assertThat(m.cacheTag()).isEqualTo("t1"));
    // Callers without the demand are served the entry as it is.
    TestOrigin unused = TestOrigin.versioned("x");
    assertThat(read(cache.get("k", unused))).isEqualTo("stored");
    assertThat(unused.calls()).isZero();
  }

  @Test
  void allowingStale_expiredEntry_isServedStale_andRefreshed() throws IOException {
    DaramjweeCache cache = cache(memory());
    put(cache, "k", "old", Metadata.ofTag("t1"));
    clock.advance(FRESH.plus(Duration.ofMinutes(5)));
    TestOrigin origin = TestOrigin.versioned("new");
    CacheRequest tolerant = CacheRequest.none().allowingStale(m -> true);
    try (CacheResponse r = cache.get("k", tolerant, origin)) {
      assertThat(r.source()).isEqualTo(CacheResponse.Source.STALE);
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old");
    }
    await(() -> origin.calls() == 1);
    await(() -> "new v1".equals(storedQuietly(cache)));
  }

  @Test
  void lookupRenew_answersThePreviousBody_underRenewedMetadata() throws IOException {
    DaramjweeCache cache = cache(memory());
    put(cache, "k", "body", Metadata.builder().cacheTag("t1").attribute("v", "1").build());
    clock.advance(FRESH.plusSeconds(1));
    TestOrigin refresher = TestOrigin.versioned("unused");
    try (Lookup lookup = cache.lookup("k", CacheRequest.none(), refresher)) {
      assertThat(lookup.answer()).isNull();
      assertThat(lookup.previous().attribute("v")).isEqualTo("1");
      CacheResponse renewed = lookup.renew(
          lookup.previous().toBuilder().attribute("v", "2").build());
      assertThat(renewed.source()).isEqualTo(CacheResponse.Source.REVALIDATED);
      assertThat(read(renewed)).isEqualTo("body");
    }
    try (CacheResponse hit = cache.get("k", refresher)) {
      assertThat(hit.source()).isEqualTo(CacheResponse.Source.FRESH);
      assertThat(hit.metadata().attribute("v")).isEqualTo("2");
      assertThat(read(hit)).isEqualTo("body");
    }
    assertThat(refresher.calls()).isZero();
  }

  @Test
  void lookupRenew_ofAVanishedEntry_isNull_andSettlesThePass() throws IOException {
    Store hot = memory();
    DaramjweeCache cache = cache(hot);
    put(cache, "k", "body", Metadata.ofTag("t1"));
    clock.advance(FRESH.plusSeconds(1));
    try (Lookup lookup = cache.lookup("k", CacheRequest.none(), TestOrigin.versioned("x"))) {
      hot.delete("k");
      assertThat(lookup.renew(lookup.previous())).isNull();
      assertThat(lookup.isSettled()).isTrue();
    }
  }

  private String storedQuietly(DaramjweeCache cache) {
    try (CacheResponse r = cache.get("k", CacheRequest.none(), TestOrigin.versioned("miss"))) {
      return r.hit() ? new String(r.body().readAllBytes(), StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition);
  }
}
