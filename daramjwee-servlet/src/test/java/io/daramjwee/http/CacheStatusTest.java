package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.Metadata;
import io.daramjwee.http.CacheStatus.Forward;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheStatusTest {

  static Stream<Arguments> headerValue() {
    return Stream.of(
        Arguments.of(CacheStatus.hit(), "daramjwee; hit"),
        Arguments.of(CacheStatus.hit().withTtl(Duration.ofSeconds(42)), "daramjwee; hit; ttl=42"),
        Arguments.of(CacheStatus.hit().withTtl(Duration.ofMillis(-4_500)),
            "daramjwee; hit; ttl=-5"),
        Arguments.of(CacheStatus.hit().withTtl(Duration.ofMillis(999)), "daramjwee; hit; ttl=0"),
        Arguments.of(CacheStatus.forward(Forward.MISS).withStored(),
            "daramjwee; fwd=miss; stored"),
        Arguments.of(CacheStatus.forward(Forward.MISS).withCollapsed(),
            "daramjwee; fwd=miss; collapsed"),
        Arguments.of(CacheStatus.forward(Forward.BYPASS), "daramjwee; fwd=bypass"),
        Arguments.of(CacheStatus.forward(Forward.URI_MISS), "daramjwee; fwd=uri-miss"),
        Arguments.of(CacheStatus.forward(Forward.VARY_MISS), "daramjwee; fwd=vary-miss"),
        Arguments.of(CacheStatus.forward(Forward.STALE).withForwardStatus(304)
            .withTtl(Duration.ofSeconds(60)), "daramjwee; fwd=stale; fwd-status=304; ttl=60"),
        Arguments.of(CacheStatus.forward(Forward.STALE).withDetail("stale-if-error")
            .withForwardStatus(503).withTtl(Duration.ofSeconds(-5)),
            "daramjwee; fwd=stale; fwd-status=503; ttl=-5; detail=stale-if-error"),
        Arguments.of(CacheStatus.forward(Forward.URI_MISS).withStored().withCollapsed()
            .withTtl(Duration.ofSeconds(300)).withDetail("tier/memory"),
            "daramjwee; fwd=uri-miss; ttl=300; stored; collapsed; detail=tier/memory"),
        Arguments.of(CacheStatus.hit().withDetail("s3 \"tier\" \\ x"),
            "daramjwee; hit; detail=\"s3 \\\"tier\\\" \\\\ x\""),
        Arguments.of(CacheStatus.hit().withDetail("1st"), "daramjwee; hit; detail=\"1st\""),
        // RFC 9211 §2.8, as its example detail=MEMORY: the tier that answered, first.
        Arguments.of(CacheStatus.hit().withTier("hot").withTtl(Duration.ofSeconds(42)),
            "daramjwee; hit; ttl=42; detail=hot"),
        Arguments.of(CacheStatus.forward(Forward.MISS).withCollapsed().withTier("hot"),
            "daramjwee; fwd=miss; collapsed; detail=hot"),
        Arguments.of(CacheStatus.forward(Forward.STALE).withDetail("origin-error")
            .withTier("cold"), "daramjwee; fwd=stale; detail=\"cold origin-error\""),
        Arguments.of(CacheStatus.hit().withTier("hot").withTier("cold"),
            "daramjwee; hit; detail=cold"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource
  void headerValue(CacheStatus status, String expected) {
    assertThat(status.headerValue()).isEqualTo(expected);
    assertThat(status).hasToString(expected);
  }

  @ParameterizedTest
  @EnumSource(Forward.class)
  void forward_token_isTheRfcToken(Forward f) {
    assertThat(f.token()).isIn("bypass", "method", "uri-miss", "vary-miss", "miss", "request",
        "stale", "partial");
  }

  @Test
  void sharedCopies_sayWhatTheirCallsAskFor_andTheCommonOnesAreMadeOnce() {
    CacheStatus miss = CacheStatus.forward(CacheStatus.Forward.MISS);

    assertThat(miss.withForwardStatus(200)).isSameAs(miss.withForwardStatus(200));
    assertThat(miss.withForwardStatus(200).headerValue())
        .isEqualTo("daramjwee; fwd=miss; fwd-status=200");
    assertThat(miss.withForwardStatus(200).withStored().headerValue())
        .isEqualTo("daramjwee; fwd=miss; fwd-status=200; stored");
    assertThat(miss.withForwardStatus(404).headerValue())
        .isEqualTo("daramjwee; fwd=miss; fwd-status=404");
    assertThat(miss.withForwardStatus(999).headerValue())
        .isEqualTo("daramjwee; fwd=miss; fwd-status=999");
    assertThat(miss.withDetail("x").withForwardStatus(200).headerValue())
        .isEqualTo("daramjwee; fwd=miss; fwd-status=200; detail=x");
    assertThat(miss.withStored().withForwardStatus(200).headerValue())
        .isEqualTo("daramjwee; fwd=miss; fwd-status=200; stored");
    assertThat(miss.headerValue()).isEqualTo("daramjwee; fwd=miss");
    CacheStatus hit = CacheStatus.hit();
    assertThat(hit.withTier("hot")).isSameAs(hit.withTier("hot"));
    assertThat(hit.withTier("cold").headerValue()).isEqualTo("daramjwee; hit; detail=cold");
    assertThat(hit.withTier("hot").headerValue()).isEqualTo("daramjwee; hit; detail=hot");
    assertThat(hit.headerValue()).isEqualTo("daramjwee; hit");
  }

  @Test
  void hit_withForwardOnlyParameters_isRejected() {
    assertThatThrownBy(() -> CacheStatus.hit().withStored())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stored");
    assertThatThrownBy(() -> CacheStatus.hit().withCollapsed())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("collapsed");
    assertThatThrownBy(() -> CacheStatus.hit().withForwardStatus(200))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fwd-status");
  }

  @ParameterizedTest
  @CsvSource(value = {"99", "1000", "-1"})
  void withForwardStatus_notThreeDigits_isRejectedNamingIt(int status) {
    assertThatThrownBy(() -> CacheStatus.forward(Forward.MISS).withForwardStatus(status))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("" + status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "caf\u00e9", "a\nb", "tab\there"})
  void withDetail_notPrintableAscii_isRejected(String detail) {
    assertThatThrownBy(() -> CacheStatus.hit().withDetail(detail))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detail");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "caf\u00e9", "a\nb"})
  void withTier_notPrintableAscii_isRejected(String name) {
    assertThatThrownBy(() -> CacheStatus.hit().withTier(name))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tier name");
  }

  private static final Instant CACHED = Instant.parse("2026-11-21T10:00:00Z");

  @ParameterizedTest(name = "[{index}] +{0}ms, stored Age {1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "0,          NULL,        0",
      "999,        NULL,        0",
      "1000,       NULL,        1",
      "61500,      NULL,        61",
      "-5000,      NULL,        0",
      "10000,      30,          40",
      "10000,      '',          10",
      "10000,      -3,          10",
      "10000,      1.5,         10",
      "10000,      99999999999, 2147483648",
      "10000,      2147483647,  2147483648",
  })
  void age_table(long elapsedMillis, String storedAge, long expected) {
    Metadata.Builder b = Metadata.builder().cachedAt(CACHED);
    if (storedAge != null) {
      StoredResponse.encodeInto(b, new ResponseHead(200, Headers.of("Age", storedAge)), Map.of());
    }
    assertThat(CacheStatus.age(b.build(), CACHED.plusMillis(elapsedMillis))).isEqualTo(expected);
  }
}
