package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.FreshnessPolicy.State;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FreshnessPolicyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  // tier 0: fresh 60 s, negative 10 s; tier 1: fresh 1 h, negative 1 min. Stale 30 s, SIE 5 min.
  private static final FreshnessPolicy POLICY = new FreshnessPolicy(new Duration[][] {
      {Duration.ofSeconds(60), Duration.ofSeconds(10)},
      {Duration.ofHours(1), Duration.ofMinutes(1)}},
      Duration.ofSeconds(30), Duration.ofMinutes(5));

  static Stream<Arguments> cases() {
    Metadata plain = Metadata.builder().cachedAt(T0).build();
    Metadata negative = plain.toBuilder().negative(true).build();
    Metadata own = plain.toBuilder().freshFor(Duration.ofSeconds(5))
        .staleFor(Duration.ZERO).build();
    return Stream.of(
        Arguments.of("just cached", 0, plain, 0, State.FRESH),
        Arguments.of("last fresh nanosecond", 0, plain, 60_000_000_000L - 1, State.FRESH),
        Arguments.of("freshness ends", 0, plain, 60_000_000_000L, State.STALE),
        Arguments.of("inside the stale window", 0, plain, 89_000_000_000L, State.STALE),
        Arguments.of("stale window ends", 0, plain, 90_000_000_000L, State.EXPIRED),
        Arguments.of("negative uses its own freshness", 0, negative, 11_000_000_000L, State.STALE),
        Arguments.of("tier 1 is judged by tier 1", 1, plain, 120_000_000_000L, State.FRESH),
        Arguments.of("entry override wins", 1, own, 6_000_000_000L, State.EXPIRED),
        Arguments.of("clock went backwards", 0, plain, -5_000_000_000L, State.FRESH),
        Arguments.of("centuries later", 0, plain, Long.MAX_VALUE, State.EXPIRED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judge(String name, int tier, Metadata m, long ageNanos, State expected) {
    assertThat(POLICY.judge(tier, m, T0.plusNanos(ageNanos))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "servable on error after {0} s: {1}")
  @MethodSource("onError")
  void servableOnError(long ageSeconds, boolean expected) {
    Metadata plain = Metadata.builder().cachedAt(T0).build();
    assertThat(POLICY.servableOnError(0, plain, T0.plusSeconds(ageSeconds))).isEqualTo(expected);
  }

  static Stream<Arguments> onError() {
    return Stream.of(Arguments.of(100, true), Arguments.of(359, true), Arguments.of(360, false));
  }

  @org.junit.jupiter.api.Test
  void hugeDurations_saturateInsteadOfOverflowing() {
    FreshnessPolicy forever = new FreshnessPolicy(
        new Duration[][] {{Duration.ofSeconds(Long.MAX_VALUE), Duration.ZERO}},
        Duration.ofSeconds(Long.MAX_VALUE), Duration.ZERO);
    Metadata m = Metadata.builder().cachedAt(T0).build();
    assertThat(forever.judge(0, m, T0.plusSeconds(1_000_000_000L))).isEqualTo(State.FRESH);
  }
}
