package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The probation's count of lower-tier hits: N within a window, bounded, on the given clock. */
class ProbationTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void oneHit_promotesEveryTime() {
    Probation off = new Probation(1, Duration.ofMinutes(1), clock);

    assertThat(off.promote("k")).isTrue();
    assertThat(off.promote("k")).isTrue();
  }

  @Test
  void nHitsWithinTheWindow_promoteOnTheNth_andTheCountStartsAgain() {
    Probation probation = new Probation(3, Duration.ofMinutes(1), clock);

    assertThat(probation.promote("k")).isFalse();
    clock.advance(Duration.ofSeconds(20));
    assertThat(probation.promote("k")).isFalse();
    clock.advance(Duration.ofSeconds(20));
    assertThat(probation.promote("k")).isTrue();
    assertThat(probation.promote("k")).as("counting afresh").isFalse();
  }

  @Test
  void hitsFurtherApartThanTheWindow_doNotAddUp() {
    Probation probation = new Probation(2, Duration.ofMinutes(1), clock);

    assertThat(probation.promote("k")).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(probation.promote("k")).as("the first hit's window has passed").isFalse();
    clock.advance(Duration.ofSeconds(59));
    assertThat(probation.promote("k")).isTrue();
  }

  @Test
  void clockSteppingBack_startsTheCountAgain() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock wall = new Clock() { // a wall clock that an NTP correction sets back
      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }
    };
    Probation probation = new Probation(2, Duration.ofMinutes(1), wall);
    probation.promote("k");

    now.set(now.get().minusSeconds(30));

    assertThat(probation.promote("k")).isFalse();
    assertThat(probation.promote("k")).isTrue();
  }

  @Test
  void keysAreCountedApart() {
    Probation probation = new Probation(2, Duration.ofMinutes(1), clock);

    assertThat(probation.promote("a")).isFalse();
    assertThat(probation.promote("b")).isFalse();
    assertThat(probation.promote("a")).isTrue();
    assertThat(probation.promote("b")).isTrue();
  }

  @Test
  void scanOfManyDistinctKeys_promotesNone_andForgetsRatherThanGrows() {
    Probation probation = new Probation(2, Duration.ofMinutes(1), clock);
    probation.promote("popular");

    int promoted = 0;
    for (int i = 0; i < 200_000; i++) {
      promoted += probation.promote("scan/" + i) ? 1 : 0;
    }

    assertThat(promoted).isZero();
    // The scan took over every slot of the fixed table: the popular key's first hit is forgotten,
    // erring towards not promoting.
    assertThat(probation.promote("popular")).isFalse();
    assertThat(probation.promote("popular")).isTrue();
  }

  @Test
  void concurrentHitsOfOneKey_areCountedExactly() throws Exception {
    Probation probation = new Probation(1000, Duration.ofHours(1), clock);
    AtomicInteger promotions = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 250; i++) {
            if (probation.promote("hot key")) {
              promotions.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(promotions).as("2000 hits, one promotion per 1000").hasValue(2);
  }

  @Test
  void fingerprint_isNeverTheFreeSlotMarker_andSpreadsSimilarKeys() {
    assertThat(Probation.fingerprint("")).isNotZero();
    assertThat(Probation.fingerprint("/item/1")).isNotEqualTo(Probation.fingerprint("/item/2"));
    assertThat(Probation.fingerprint("/item/1") & (Probation.SETS - 1))
        .isNotEqualTo(Probation.fingerprint("/item/2") & (Probation.SETS - 1));
  }
}
