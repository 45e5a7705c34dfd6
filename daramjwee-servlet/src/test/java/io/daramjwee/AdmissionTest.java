package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.KeyJournal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Tier admission on real memory stores: a value lives in the first tier that admits its size. A
 * miss of declared length streams straight there; one of unknown length spills into the next
 * admitting tier when it outgrows the first, in the same origin call; a value published below
 * tier 0 displaces an older copy above it; direct sets follow the same rule. Promotions are
 * covered by {@link PromotionTest}, followers and generations by {@link AdmissionConsistencyTest}.
 * The stores are wrapped only in a {@link KeyJournal}, which records the writes they were asked
 * to start and changes nothing.
 */
class AdmissionTest extends EngineTestSupport {

  /** A hot tier of 64 KiB admits 8 KiB, an eighth, as a lower tier follows it. */
  static final long HOT_CAPACITY = 64 * 1024;
  static final int HOT_LIMIT = 8 * 1024;

  final KeyJournal hot = new KeyJournal(MemoryStore.builder().capacity(HOT_CAPACITY).build());
  final KeyJournal cold = new KeyJournal(MemoryStore.builder().capacity(4L << 20).build());

  @Test
  void defaultLimits_anEighthOfAnUpperTier_theWholeOfTheLast() {
    assertThat(DaramjweeBuilder.defaultMaxEntrySize(64L << 20, true)).isEqualTo(8L << 20);
    assertThat(DaramjweeBuilder.defaultMaxEntrySize(8L << 30, false)).isEqualTo(8L << 30);
    assertThat(DaramjweeBuilder.defaultMaxEntrySize(-1, true)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void missOfDeclaredLength_tooLargeForTierZero_isWrittenOnlyToTheColdTier() throws IOException {
    DaramjweeCache cache = cache(hot, cold);
    byte[] body = bytes(20 * 1024, 1);
    TestOrigin origin = TestOrigin.answering((n, prev) -> declared(body, "v" + n));

    assertThat(bytesOf(cache.get("big", origin))).isEqualTo(body);

    assertThat(hot.keysWith("big")).as("no write was started in the hot tier").isEmpty();
    assertThat(storedBytes(cold, "big")).isEqualTo(body);
    try (CacheResponse hit = cache.get("big", origin)) {
      assertThat(hit.tier()).isEqualTo(1);
      assertThat(hit.body().readAllBytes()).isEqualTo(body);
    }
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void missOfDeclaredLength_thatFitsTierZero_staysThere_andIsCopiedDown() throws IOException {
    DaramjweeCache cache = cache(hot, cold);
    byte[] body = bytes(HOT_LIMIT, 2);

    assertThat(bytesOf(cache.get("small", TestOrigin.answering((n, p) -> declared(body, "v")))))
        .isEqualTo(body);

    assertThat(storedBytes(hot, "small")).isEqualTo(body);
    await().until(() -> cold.stat("small") != null);
    assertThat(storedBytes(cold, "small")).isEqualTo(body);
  }

  @Test
  void missOfUnknownLength_outgrowingTierZeroWithinTheCopy_spillsIntoTheColdTier()
      throws IOException {
    DaramjweeCache cache = cache(hot, cold);
    byte[] body = bytes(40 * 1024, 3); // past the 8 KiB limit, within the 64 KiB copy

    assertUnknownLengthSpills(cache, body);
  }

  @Test
  void missOfUnknownLength_outgrowingTierZeroPastTheCopy_spillsIntoTheColdTier()
      throws IOException {
    KeyJournal bigHot = new KeyJournal(MemoryStore.builder().capacity(1L << 20).build());
    DaramjweeCache cache = cache(bigHot, cold); // admits 128 KiB, twice the in-memory copy
    byte[] body = bytes(300 * 1024, 4);
    TestOrigin origin = TestOrigin.answering((n, prev) -> unknown(body, "v" + n));

    assertThat(bytesOf(cache.get("k", origin))).as("the caller gets every byte").isEqualTo(body);

    assertThat(bigHot.stat("k")).isNull();
    assertThat(storedBytes(cold, "k")).isEqualTo(body);
    try (CacheResponse hit = cache.get("k", origin)) {
      assertThat(hit.tier()).isEqualTo(1);
    }
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void missOfUnknownLength_endingPastTheCopyWithinTierZero_isPublishedThere_andCopiedBelow()
      throws IOException {
    KeyJournal bigHot = new KeyJournal(MemoryStore.builder().capacity(1L << 20).build());
    DaramjweeCache cache = cache(bigHot, cold);
    byte[] body = bytes(100 * 1024, 5); // written to both tiers from 64 KiB on, within 128 KiB

    assertThat(bytesOf(cache.get("k", TestOrigin.answering((n, p) -> unknown(body, "v")))))
        .isEqualTo(body);

    assertThat(storedBytes(bigHot, "k")).isEqualTo(body);
    await().until(() -> cold.stat("k") != null);
    assertThat(storedBytes(cold, "k")).isEqualTo(body);
    assertThat(cold.keysWith("k")).as("the spill copy is committed, not written again")
        .hasSize(1);
  }

  @Test
  void missOfUnknownLength_outgrowingEveryTier_isServedWhole_andStoredNowhere()
      throws IOException {
    Store smallCold = MemoryStore.builder().capacity(32 * 1024).build(); // the last: 32 KiB
    DaramjweeCache cache = cache(hot, smallCold);
    byte[] body = bytes(50 * 1024, 6);

    assertThat(bytesOf(cache.get("k", TestOrigin.answering((n, p) -> unknown(body, "v")))))
        .isEqualTo(body);

    assertThat(hot.stat("k")).isNull();
    assertThat(smallCold.stat("k")).isNull();
    assertThat(cache.stats().fillsAborted()).isEqualTo(1);
    assertThat(cache.stats().storeErrors()).as("too large is not a store error").isZero();
  }

  @Test
  void declaredLengthLargerThanEveryTier_startsNoWriteAtAll() throws IOException {
    Store smallCold = new KeyJournal(MemoryStore.builder().capacity(32 * 1024).build());
    DaramjweeCache cache = cache(hot, smallCold);
    byte[] body = bytes(50 * 1024, 7);

    assertThat(bytesOf(cache.get("k", TestOrigin.answering((n, p) -> declared(body, "v")))))
        .isEqualTo(body);

    assertThat(hot.keysWith("k")).isEmpty();
    assertThat(((KeyJournal) smallCold).keysWith("k")).isEmpty();
  }

  @Test
  void pushedFillOfDeclaredLength_tooLargeForTierZero_isStoredInTheColdTier() throws IOException {
    DaramjweeCache cache = cache(hot, cold);
    byte[] body = bytes(20 * 1024, 8);

    try (Lookup lookup = cache.lookup("pushed", CacheRequest.none(), TestOrigin.versioned("x"))) {
      try (StoreWriter fill = lookup.fill(Metadata.ofTag("p"), body.length)) {
        fill.write(body);
        fill.commit();
      }
    }

    assertThat(hot.keysWith("pushed")).isEmpty();
    assertThat(storedBytes(cold, "pushed")).isEqualTo(body);
  }

  @Test
  void pushedFillOfUnknownLength_spillsIntoTheColdTier() throws IOException {
    DaramjweeCache cache = cache(hot, cold);
    byte[] body = bytes(90 * 1024, 9);

    try (Lookup lookup = cache.lookup("pushed", CacheRequest.none(), TestOrigin.versioned("x"))) {
      try (StoreWriter fill = lookup.fill(Metadata.ofTag("p"))) {
        for (int at = 0; at < body.length; at += 1000) {
          fill.write(body, at, Math.min(1000, body.length - at));
        }
        fill.commit();
      }
    }

    assertThat(hot.stat("pushed")).isNull();
    assertThat(storedBytes(cold, "pushed")).isEqualTo(body);
  }

  @Test
  void directSet_tooLargeForTierZero_isPublishedInTheColdTier() throws IOException {
    DaramjweeCache cache = cache(hot, cold);
    byte[] body = bytes(20 * 1024, 10);

    try (StoreWriter w = cache.set("set", Metadata.ofTag("s"))) {
      w.write(body);
      w.commit();
    }

    assertThat(hot.stat("set")).isNull();
    assertThat(storedBytes(cold, "set")).isEqualTo(body);
  }

  @Test
  void valueStoredInTheColdTier_removesTheOlderCopyFromTheHotTier() throws IOException {
    DaramjweeCache cache = track(builder(hot, cold).staleWindow(Duration.ofMinutes(5)).build());
    byte[] large = bytes(20 * 1024, 11);
    TestOrigin origin = TestOrigin.answering((n, prev) -> n == 1
        ? TestOrigin.body("small v1", "v1") : declared(large, "v2"));
    get(cache, "k", origin); // v1, small: in the hot tier
    clock.advance(FRESH.plusSeconds(1));

    assertThat(get(cache, "k", origin)).as("stale v1, refreshed behind").isEqualTo("small v1");

    // The refresh stored v2 in the cold tier: a stale v1 left above it would keep answering.
    await().until(() -> hot.stat("k") == null);
    assertThat(storedBytes(cold, "k")).isEqualTo(large);
    try (CacheResponse r = cache.get("k", origin)) {
      assertThat(r.tier()).isEqualTo(1);
      assertThat(r.body().readAllBytes()).isEqualTo(large);
    }
  }

  @Test
  void tierMaxEntrySize_overridesTheDefault() throws IOException {
    DaramjweeCache cache = track(builder(hot, cold).tierMaxEntrySize(0, HOT_CAPACITY / 2).build());
    byte[] body = bytes(20 * 1024, 12);

    bytesOf(cache.get("k", TestOrigin.answering((n, p) -> declared(body, "v"))));

    assertThat(storedBytes(hot, "k")).isEqualTo(body);
  }

  @Test
  void declaredLengths_belowMinusOne_areRejected_andOnlyABodyHasOne() throws IOException {
    byte[] body = bytes(10, 13);
    assertThatThrownBy(() -> unknown(body, "v").withLength(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be -1 (unknown) or more: -2");
    assertThatThrownBy(() -> FetchResult.notFound().withLength(0))
        .isInstanceOf(IllegalStateException.class);
    assertThat(unknown(body, "v").length()).isEqualTo(-1);
    DaramjweeCache cache = cache(hot, cold);
    try (Lookup lookup = cache.lookup("k", CacheRequest.none(), TestOrigin.versioned("x"))) {
      assertThatThrownBy(() -> lookup.fill(Metadata.ofTag("p"), -2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("length must be -1 (unknown) or more: -2");
    }
  }

  // ---- helpers shared with the other admission tests ----

  /** A miss of unknown length that outgrows the hot tier: stored cold, served cold, one call. */
  private void assertUnknownLengthSpills(DaramjweeCache cache, byte[] body) throws IOException {
    TestOrigin origin = TestOrigin.answering((n, prev) -> unknown(body, "v" + n));

    assertThat(bytesOf(cache.get("k", origin))).as("the caller gets every byte").isEqualTo(body);

    assertThat(hot.stat("k")).isNull();
    assertThat(storedBytes(cold, "k")).isEqualTo(body);
    try (CacheResponse hit = cache.get("k", origin)) {
      assertThat(hit.tier()).isEqualTo(1);
      assertThat(hit.body().readAllBytes()).isEqualTo(body);
    }
    assertThat(origin.calls()).isEqualTo(1);
    assertThat(cache.stats().storeErrors()).isZero();
  }

  static FetchResult declared(byte[] body, String tag) {
    return unknown(body, tag).withLength(body.length);
  }

  static FetchResult unknown(byte[] body, String tag) {
    return FetchResult.body(new ByteArrayInputStream(body), Metadata.ofTag(tag));
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] bytesOf(CacheResponse response) throws IOException {
    try (response) {
      return response.body().readAllBytes();
    }
  }

  static byte[] storedBytes(Store store, String key) throws IOException {
    StoredEntry entry = store.getStream(key);
    if (entry == null) {
      return null;
    }
    try (entry; InputStream body = entry.body()) {
      return body.readAllBytes();
    }
  }
}
