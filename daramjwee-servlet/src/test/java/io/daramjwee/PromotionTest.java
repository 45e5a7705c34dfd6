package io.daramjwee;

import static io.daramjwee.AdmissionTest.bytes;
import static io.daramjwee.AdmissionTest.bytesOf;
import static io.daramjwee.AdmissionTest.storedBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.http.ResponseEntries;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.KeyJournal;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Promotion of lower-tier hits: only into tiers that admit the entry, and only once it has passed
 * its probation (N hits within a window; 2 within a minute by default), so a one-off scan of the
 * cold tier leaves the hot tier alone. Real memory stores, wrapped only in a {@link KeyJournal}
 * that records the writes they were asked to start.
 */
class PromotionTest extends EngineTestSupport {

  private static final Duration LONG_LIVED = Duration.ofHours(1);

  private final KeyJournal hot =
      new KeyJournal(MemoryStore.builder().capacity(AdmissionTest.HOT_CAPACITY).build());
  private final Store cold = MemoryStore.builder().capacity(4L << 20).build();
  private final TestOrigin origin = TestOrigin.versioned("unused");

  @Test
  void coldEntry_isPromotedOnItsSecondHitWithinTheWindow_byDefault() throws IOException {
    DaramjweeCache cache = track(longLived(hot, cold).build());
    storeCold(cold, "k", bytes(1000, 1), false);

    assertTier(cache, "k", 1);
    assertThat(hot.stat("k")).as("one hit: still on probation").isNull();
    clock.advance(Duration.ofSeconds(30));
    assertTier(cache, "k", 1); // the second hit, served cold while it is promoted

    assertThat(storedBytes(hot, "k")).isEqualTo(bytes(1000, 1));
    assertTier(cache, "k", 0);
    assertThat(origin.calls()).isZero();
  }

  @Test
  void oneOffScanOfTheColdTier_promotesNothing() throws IOException {
    DaramjweeCache cache = track(longLived(hot, cold).build());
    for (int i = 0; i < 200; i++) {
      storeCold(cold, "item/" + i, bytes(100, i), false);
    }

    for (int i = 0; i < 200; i++) {
      assertTier(cache, "item/" + i, 1);
    }

    assertThat(hot.keysWith("item/")).as("no promotion was even started").isEmpty();
  }

  @Test
  void hitsFurtherApartThanTheWindow_doNotPromote() throws IOException {
    DaramjweeCache cache = track(longLived(hot, cold)
        .promotionProbation(2, Duration.ofMinutes(1)).build());
    storeCold(cold, "k", bytes(1000, 2), false);

    assertTier(cache, "k", 1);
    clock.advance(Duration.ofMinutes(2));
    assertTier(cache, "k", 1);

    assertThat(hot.stat("k")).isNull();
    assertTier(cache, "k", 1); // a second hit inside the new window
    assertTier(cache, "k", 0);
  }

  @Test
  void probationOfOneHit_promotesOnTheFirst() throws IOException {
    DaramjweeCache cache = track(longLived(hot, cold)
        .promotionProbation(1, Duration.ofMinutes(1)).build());
    storeCold(cold, "k", bytes(1000, 3), false);

    assertTier(cache, "k", 1);

    assertTier(cache, "k", 0);
  }

  @Test
  void coldEntryOfKnownLength_tooLargeForTierZero_isNeverPromoted_norIsAWriteStarted()
      throws IOException {
    DaramjweeCache cache = track(longLived(hot, cold)
        .promotionProbation(1, Duration.ofMinutes(1)).build());
    storeCold(cold, "big", bytes(20 * 1024, 4), true);

    for (int i = 0; i < 3; i++) {
      assertTier(cache, "big", 1);
    }

    assertThat(hot.keysWith("big")).isEmpty();
  }

  @Test
  void entryTooLargeForTierZero_isPromotedIntoTheMiddleTierOnly() throws IOException {
    KeyJournal middle = new KeyJournal(MemoryStore.builder().capacity(1L << 20).build());
    DaramjweeCache cache = track(longLived(hot, middle, cold)
        .promotionProbation(1, Duration.ofMinutes(1)).build());
    byte[] body = bytes(20 * 1024, 5);
    storeCold(cold, "big", body, true);

    assertTier(cache, "big", 2);

    assertThat(hot.keysWith("big")).isEmpty();
    assertThat(storedBytes(middle, "big")).isEqualTo(body);
    assertTier(cache, "big", 1);
  }

  @Test
  void entryOfUnknownLength_outgrowingTierZero_spillsIntoTheMiddleTierAsItIsPromoted()
      throws IOException {
    Store middle = MemoryStore.builder().capacity(1L << 20).build();
    DaramjweeCache cache = track(longLived(hot, middle, cold)
        .promotionProbation(1, Duration.ofMinutes(1)).build());
    byte[] body = bytes(20 * 1024, 6);
    storeCold(cold, "big", body, false);

    assertTier(cache, "big", 2);

    assertThat(hot.stat("big")).isNull();
    assertThat(storedBytes(middle, "big")).isEqualTo(body);
  }

  @Test
  void lengthAttribute_isTheOneTheHttpLayerRecords() {
    Metadata completed = ResponseEntries.completed(Metadata.builder().build(), 12_345, null);

    assertThat(Admission.LENGTH_ATTRIBUTE).isEqualTo(ResponseEntries.LENGTH);
    assertThat(Admission.length(completed)).isEqualTo(12_345);
    assertThat(Admission.length(Metadata.builder().build())).isEqualTo(-1);
  }

  // ---- helpers ----

  /** Entries fresh for an hour, so the clock can pass probation windows. */
  private DaramjweeBuilder longLived(Store... tiers) {
    return DaramjweeCache.builder().tiers(tiers).clock(clock)
        .freshness(LONG_LIVED, NEGATIVE_FRESH);
  }

  /** Writes {@code body} into {@code store} directly, as a restart would find it. */
  private void storeCold(Store store, String key, byte[] body, boolean withLength)
      throws IOException {
    Metadata.Builder metadata = Metadata.builder().cacheTag("c").cachedAt(clock.instant());
    if (withLength) {
      metadata.attribute(Admission.LENGTH_ATTRIBUTE,
          String.format(Locale.ROOT, "%019d", body.length));
    }
    try (StoreWriter w = store.setWithWriter(key, metadata.build())) {
      w.write(body);
      w.commit();
    }
  }

  /** Gets {@code key}, asserts the tier that answered, and reads the body to its end. */
  private void assertTier(DaramjweeCache cache, String key, int tier) throws IOException {
    CacheResponse response = cache.get(key, origin);
    assertThat(response.tier()).as("tier answering %s", key).isEqualTo(tier);
    bytesOf(response);
  }
}
