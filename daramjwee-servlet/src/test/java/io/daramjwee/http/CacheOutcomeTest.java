package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.CacheResponse.Source;
import io.daramjwee.http.CacheOutcome.Condition;
import io.daramjwee.http.CacheOutcome.Origin;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CacheOutcomeTest {

  private static final Origin NONE = Origin.NONE;
  private static final Origin FAILED = Origin.FAILED;
  private static final boolean MARK = true;
  private static final boolean NO_MARK = false;

  static Stream<Arguments> cases() {
    return Stream.of(
        // The engine answered from a tier.
        row("fresh hit", Source.FRESH, NONE, Condition.NONE,
            "daramjwee; hit", CacheResult.HIT, NO_MARK),
        row("stale hit inside its window is a hit", Source.STALE, NONE, Condition.NONE,
            "daramjwee; hit", CacheResult.STALE, NO_MARK),
        row("a hit ignores the origin", Source.FRESH, status(200), Condition.NONE,
            "daramjwee; hit", CacheResult.HIT, NO_MARK),
        row("collapsed into another's miss", Source.COLLAPSED, NONE, Condition.NONE,
            "daramjwee; fwd=miss; collapsed", CacheResult.COLLAPSED, NO_MARK),
        row("revalidated with 304", Source.REVALIDATED, NONE, Condition.NONE,
            "daramjwee; fwd=stale; fwd-status=304", CacheResult.REVALIDATED, NO_MARK),
        row("stale-if-error for a 503", Source.STALE_IF_ERROR, status(503), Condition.NONE,
            "daramjwee; fwd=stale; fwd-status=503", CacheResult.STALE_IF_ERROR, NO_MARK),
        row("stale-if-error for a controller exception", Source.STALE_IF_ERROR, status(500),
            Condition.NONE, "daramjwee; fwd=stale; fwd-status=500", CacheResult.STALE_IF_ERROR,
            NO_MARK),
        row("stale-if-error for an unreachable upstream", Source.STALE_IF_ERROR, FAILED,
            Condition.NONE, "daramjwee; fwd=stale", CacheResult.STALE_IF_ERROR, NO_MARK),
        row("stale-if-error, failure not seen here", Source.STALE_IF_ERROR, NONE,
            Condition.NONE, "daramjwee; fwd=stale; detail=origin-error",
            CacheResult.STALE_IF_ERROR, NO_MARK),
        // The origin answered: a miss.
        row("miss stored", Source.ORIGIN, status(200), Condition.NONE,
            "daramjwee; fwd=miss; fwd-status=200; stored", CacheResult.MISS, NO_MARK),
        row("negative entry stored", Source.ORIGIN, status(404), Condition.NONE,
            "daramjwee; fwd=miss; fwd-status=404; stored", CacheResult.MISS, NO_MARK),
        row("miss, status not storable", Source.ORIGIN, status(302), Condition.NOT_STORED,
            "daramjwee; fwd=miss; fwd-status=302", CacheResult.MISS, NO_MARK),
        row("controller 5xx, nothing stood in", Source.ORIGIN, status(503), Condition.NOT_STORED,
            "daramjwee; fwd=miss; fwd-status=503", CacheResult.MISS, NO_MARK),
        row("HEAD miss before the controller runs", Source.ORIGIN, NONE, Condition.NOT_STORED,
            "daramjwee; fwd=miss", CacheResult.MISS, NO_MARK),
        row("HEAD miss passed upstream", null, status(200), Condition.NOT_STORED,
            "daramjwee; fwd=miss; fwd-status=200", CacheResult.MISS, NO_MARK),
        row("HEAD miss, upstream failed", null, FAILED, Condition.NOT_STORED,
            "daramjwee; fwd=miss", CacheResult.MISS, NO_MARK),
        row("uncacheable response marks a pass", Source.ORIGIN, status(200),
            Condition.UNCACHEABLE, "daramjwee; fwd=miss; fwd-status=200", CacheResult.MISS, MARK),
        row("fill ended before the decision", Source.ORIGIN, NONE, Condition.FILL_ENDED,
            null, CacheResult.MISS, NO_MARK),
        row("upstream failed, nothing to stand in", null, FAILED, Condition.NONE,
            "daramjwee; fwd=miss", CacheResult.UPSTREAM_ERROR, NO_MARK),
        row("origin answer that failed", Source.ORIGIN, FAILED, Condition.NONE,
            "daramjwee; fwd=miss", CacheResult.UPSTREAM_ERROR, NO_MARK),
        // Past the cache.
        row("unsafe method before the controller", null, NONE, Condition.BYPASS_METHOD,
            "daramjwee; fwd=method", CacheResult.BYPASS, NO_MARK),
        row("unsafe method proxied", null, status(201), Condition.BYPASS_METHOD,
            "daramjwee; fwd=method; fwd-status=201", CacheResult.BYPASS, NO_MARK),
        row("unsafe method, upstream failed", null, FAILED, Condition.BYPASS_METHOD,
            "daramjwee; fwd=miss", CacheResult.BYPASS, NO_MARK),
        row("Authorization before the controller", null, NONE, Condition.BYPASS_REQUEST,
            "daramjwee; fwd=bypass", CacheResult.BYPASS, NO_MARK),
        row("no-store proxied", null, status(200), Condition.BYPASS_REQUEST,
            "daramjwee; fwd=bypass; fwd-status=200", CacheResult.BYPASS, NO_MARK),
        row("no-store, upstream failed", null, FAILED, Condition.BYPASS_REQUEST,
            "daramjwee; fwd=miss", CacheResult.BYPASS, NO_MARK),
        row("pass-marked before the controller", null, NONE, Condition.PASS,
            "daramjwee; fwd=bypass; detail=uncacheable", CacheResult.PASS, NO_MARK),
        row("pass-marked proxied", null, status(200), Condition.PASS,
            "daramjwee; fwd=bypass; fwd-status=200; detail=uncacheable", CacheResult.PASS, NO_MARK),
        row("pass-marked, upstream failed", null, FAILED, Condition.PASS,
            "daramjwee; fwd=miss", CacheResult.PASS, NO_MARK),
        row("bypass ignores the engine's answer", Source.ORIGIN, status(200),
            Condition.BYPASS_REQUEST, "daramjwee; fwd=bypass; fwd-status=200", CacheResult.BYPASS,
            NO_MARK),
        // The cache failed; the origin answered instead.
        row("cache failed before the controller", null, NONE, Condition.CACHE_FAILED,
            null, CacheResult.ERROR, NO_MARK),
        row("stale stand-in failed too", Source.STALE_IF_ERROR, NONE, Condition.CACHE_FAILED,
            null, CacheResult.ERROR, NO_MARK),
        row("cache failed, proxied", null, status(200), Condition.CACHE_FAILED,
            "daramjwee; fwd=miss; fwd-status=200", CacheResult.ERROR, NO_MARK),
        row("cache failed, upstream failed too", null, FAILED, Condition.CACHE_FAILED,
            "daramjwee; fwd=miss", CacheResult.ERROR, NO_MARK));
  }

  private static Arguments row(String name, Source answer, Origin origin, Condition condition,
      String cacheStatus, CacheResult result, boolean markPass) {
    return Arguments.of(name, answer, origin, condition, cacheStatus, result, markPass);
  }

  private static Origin status(int status) {
    return Origin.answered(status);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decide(String name, Source answer, Origin origin, Condition condition,
      String cacheStatus, CacheResult result, boolean markPass) {
    CacheOutcome outcome = CacheOutcome.decide(answer, origin, condition);

    assertThat(outcome.cacheStatus() == null ? null : outcome.cacheStatus().headerValue())
        .isEqualTo(cacheStatus);
    assertThat(outcome.result()).isEqualTo(result);
    assertThat(outcome.markPass()).isEqualTo(markPass);
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  void decide_everyAnswer_hasAnOutcome(Source answer) {
    assertThat(CacheOutcome.decide(answer, Origin.NONE, Condition.NONE).result()).isNotNull();
  }

  @Test
  void decide_hit_allocatesNoNewOutcome() {
    assertThat(CacheOutcome.decide(Source.FRESH, Origin.NONE, Condition.NONE))
        .isSameAs(CacheOutcome.decide(Source.FRESH, Origin.NONE, Condition.NONE));
    assertThat(CacheOutcome.decide(Source.STALE, Origin.NONE, Condition.NONE))
        .isSameAs(CacheOutcome.decide(Source.STALE, Origin.NONE, Condition.NONE));
  }

  @Test
  void decide_nullOriginOrCondition_throws() {
    assertThatThrownBy(() -> CacheOutcome.decide(Source.FRESH, null, Condition.NONE))
        .isInstanceOf(NullPointerException.class).hasMessage("origin");
    assertThatThrownBy(() -> CacheOutcome.decide(Source.FRESH, Origin.NONE, null))
        .isInstanceOf(NullPointerException.class).hasMessage("condition");
  }

  @Test
  void origin_answered_rejectsAStatusThatIsNotThreeDigits() {
    assertThatThrownBy(() -> Origin.answered(99))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
    assertThatThrownBy(() -> Origin.answered(1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
  }

  @Test
  void origin_status_isMinusOneUnlessAnswered() {
    assertThat(Origin.NONE.status()).isEqualTo(-1);
    assertThat(Origin.FAILED.status()).isEqualTo(-1);
    assertThat(Origin.answered(503).status()).isEqualTo(503);
    assertThat(Origin.answered(503)).isEqualTo(Origin.answered(503)).hasToString("503");
    assertThat(Origin.NONE).hasToString("none");
    assertThat(Origin.FAILED).hasToString("failed");
  }
}
