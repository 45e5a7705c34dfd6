package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.store.chunked.ChunkManifest;
import io.daramjwee.store.chunked.WriteIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The near cache's bookkeeping on a hand-driven clock, without Redis: which reads are kept (the
 * stamp protocol against invalidations and disconnects), the byte budget, the TTL deadline, the
 * lease. What
 * Redis sends and when is {@code RedisNearCacheTest}'s.
 */
class NearCacheTest {

  private static final long FAR = Duration.ofHours(1).toNanos();
  private static final Duration LEASE = Duration.ofSeconds(1);

  private final AtomicLong now = new AtomicLong(1_000);
  private final NearCache near = new NearCache(64 * 1024, LEASE, now::get);

  @Test
  void aNewNearCache_keepsNothing_untilEnabled() {
    assertThat(near.stamp("m:k")).isEqualTo(NearCache.OFF);

    near.put("m:k", inline("k", 10), near.stamp("m:k"), FAR);
    assertThat(near.get("m:k")).isNull();

    assertThat(near.enable(near.disable())).isTrue();
    near.answered(now.get());
    assertThat(near.stats().active()).isTrue();
    near.put("m:k", inline("k", 10), near.stamp("m:k"), FAR);
    assertThat(near.get("m:k")).isNotNull();
  }

  @Test
  void anInvalidationHandledWhileTheReadWasInFlight_isNotLostToTheLatePut() {
    on();
    long stamp = near.stamp("m:k"); // the read is sent
    near.invalidate("m:k"); // the change's invalidation, handled before the reader puts

    near.put("m:k", inline("k", 10), stamp, FAR);

    assertThat(near.get("m:k")).isNull();
    assertThat(near.stats().notKept()).isEqualTo(1);
    assertThat(near.stats().invalidations()).isEqualTo(1);
  }

  @Test
  void anInvalidationAfterThePut_dropsTheCopy_andAReadAfterItIsKept() {
    on();
    near.put("m:k", inline("k", 10), near.stamp("m:k"), FAR);
    near.invalidate("m:k");
    assertThat(near.get("m:k")).isNull();

    long stamp = near.stamp("m:k");
    near.put("m:k", inline("k", 11), stamp, FAR);
    assertThat(near.get("m:k").bodyLength()).isEqualTo(11);
  }

  @Test
  void anOwnWrite_dropsTheCopyAtOnce_andAReadInFlightIsNotKept() {
    on();
    near.put("m:k", inline("k", 10), near.stamp("m:k"), FAR);
    long inFlight = near.stamp("m:k");

    near.written("m:k");

    assertThat(near.get("m:k")).isNull();
    near.put("m:k", inline("k", 10), inFlight, FAR);
    assertThat(near.get("m:k")).isNull();
    assertThat(near.stats().invalidations()).as("not Redis's").isZero();
  }

  @Test
  void aDisconnect_dropsEverything_andNothingReadBeforeTheReconnectIsKept() {
    on();
    near.put("m:a", inline("a", 10), near.stamp("m:a"), FAR);
    long beforeTheDrop = near.stamp("m:b");

    long epoch = near.disable(); // the connection dropped
    assertThat(near.get("m:a")).isNull();
    assertThat(near.stamp("m:b")).isEqualTo(NearCache.OFF);
    long epochAtReconnect = near.disable(); // reconnected: tracking asked again
    assertThat(near.enable(epoch)).as("an answer from the connection before").isFalse();
    assertThat(near.enable(epochAtReconnect)).isTrue();
    near.put("m:b", inline("b", 10), beforeTheDrop, FAR);

    assertThat(near.get("m:b")).isNull();
    assertThat(near.stats().flushes()).as("one drop while on").isEqualTo(1);
  }

  @Test
  void anInvalidationOfEverything_dropsEverything_andStaysOn() {
    on();
    near.put("m:a", inline("a", 10), near.stamp("m:a"), FAR);
    long inFlight = near.stamp("m:b");

    near.invalidateAll();

    assertThat(near.get("m:a")).isNull();
    near.put("m:b", inline("b", 10), inFlight, FAR);
    assertThat(near.get("m:b")).isNull();
    assertThat(near.stats().active()).isTrue();
    near.put("m:b", inline("b", 10), near.stamp("m:b"), FAR);
    assertThat(near.get("m:b")).isNotNull();
  }

  @Test
  void theBudget_isNeverExceeded_andTheLeastRecentlyUsedGoFirst() {
    on();
    for (int i = 0; i < 40; i++) {
      String name = "m:k" + i;
      near.put(name, inline("k" + i, 4 * 1024), near.stamp(name), FAR);
      near.get("m:k0"); // keeps k0 the most recently used
      assertThat(near.stats().bytes()).isLessThanOrEqualTo(64 * 1024);
    }

    NearCacheStats stats = near.stats();
    assertThat(stats.entries()).isBetween(10L, 15L);
    assertThat(stats.evictions()).isEqualTo(40 - stats.entries());
    assertThat(near.get("m:k0")).isNotNull();
    assertThat(near.get("m:k1")).isNull();
    assertThat(near.get("m:k39")).isNotNull();
  }

  @Test
  void aCopyHeavierThanTheBudget_orAChunkedManifest_isNotKept() {
    on();
    near.put("m:big", inline("big", 64 * 1024), near.stamp("m:big"), FAR);
    byte[] key = "c".getBytes(StandardCharsets.UTF_8);
    ChunkManifest chunked = decode(ChunkManifest.chunked(key, Metadata.builder().build().encode(),
        WriteIds.next(), 10_000, 4096, 3, 0), key);
    near.put("m:c", chunked, near.stamp("m:c"), FAR);

    assertThat(near.get("m:big")).isNull();
    assertThat(near.get("m:c")).isNull();
    assertThat(near.stats().entries()).isZero();
  }

  @Test
  void aCopy_isNotServedPastItsDeadline() {
    on();
    near.put("m:k", inline("k", 10), near.stamp("m:k"), now.get() + 1_000);
    now.addAndGet(999);
    assertThat(near.get("m:k")).isNotNull();

    now.addAndGet(1);

    assertThat(near.get("m:k")).isNull();
    assertThat(near.stats().expirations()).isEqualTo(1);
    assertThat(near.stats().bytes()).isZero();
  }

  @Test
  void copies_areServedForALeaseAfterTheConnectionLastAnswered_andAgainOnceItAnswers() {
    on();
    near.put("m:k", inline("k", 10), near.stamp("m:k"), FAR);
    long sent = now.get();
    now.addAndGet(LEASE.toNanos() - 1);
    assertThat(near.get("m:k")).isNotNull();
    near.answered(sent - 5); // an older answer does not move the lease back

    now.addAndGet(1);
    assertThat(near.get("m:k")).as("the lease lapsed").isNull();
    assertThat(near.stats().entries()).as("kept for when it answers again").isEqualTo(1);

    near.answered(now.get());
    assertThat(near.get("m:k")).isNotNull();
  }

  @Test
  void aHitPastHalfTheLease_hasItRenewed_oneRenewalAtATime() {
    on();
    AtomicLong renewals = new AtomicLong();
    near.renewLeaseWith(renewals::incrementAndGet);
    near.put("m:k", inline("k", 10), near.stamp("m:k"), FAR);
    near.get("m:k");
    assertThat(renewals.get()).as("before half the lease").isZero();

    now.addAndGet(LEASE.toNanos() / 2);
    long sent = now.get();
    near.get("m:k");
    near.get("m:k");
    assertThat(renewals.get()).as("one in flight").isEqualTo(1);
    near.renewed(sent, true);

    now.addAndGet(LEASE.toNanos() - 1);
    assertThat(near.get("m:k")).as("renewed from when the ping was sent").isNotNull();
    assertThat(renewals.get()).isEqualTo(2);
    near.renewed(now.get(), false); // unanswered: the lease stays as it was
    now.addAndGet(LEASE.toNanos() / 2);
    assertThat(near.get("m:k")).isNull();
  }

  @Test
  void hitsAndMisses_areCounted() {
    on();
    near.get("m:k");
    near.put("m:k", inline("k", 10), near.stamp("m:k"), FAR);
    near.get("m:k");
    near.get("m:k");

    assertThat(near.stats().hits()).isEqualTo(2);
    assertThat(near.stats().misses()).isEqualTo(1);
  }

  private void on() {
    assertThat(near.enable(near.disable())).isTrue();
    near.answered(now.get());
  }

  private static ChunkManifest inline(String key, int length) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[length];
    return decode(ChunkManifest.inline(keyBytes, Metadata.builder().build().encode(),
        WriteIds.next(), body, length, ChunkManifest.crc(body, 0, length)), keyBytes);
  }

  private static ChunkManifest decode(byte[] raw, byte[] key) {
    try {
      return ChunkManifest.decode(raw, key);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
