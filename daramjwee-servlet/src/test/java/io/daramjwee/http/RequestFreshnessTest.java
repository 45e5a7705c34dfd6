package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9111 §5.2.1: the request directives, as tests of a stored entry. The entry here was stored
 * at {@link #STORED}, fresh for 60 s, with no {@code Age}; {@code at} is seconds after that.
 */
class RequestFreshnessTest {

  private static final RouteRules DEFAULTS = RouteRules.builder("r").build();
  private static final RouteRules HONOR =
      RouteRules.builder("r").honorRequestCacheControl(true).build();
  private static final Instant STORED = Instant.parse("2026-01-01T00:00:00Z");

  private static Metadata entry(String... fields) {
    return ResponseEntries.entry(DEFAULTS, new ResponseHead(200, Headers.of(fields)), false)
        .withCachedAt(STORED);
  }

  private static RequestFreshness asked(RouteRules rules, String... fields) {
    return RequestFreshness.of(rules, RequestHead.get("/p", null, Headers.of(fields)));
  }

  static Stream<Arguments> acceptable() {
    return Stream.of(
        // §5.2.1.1 max-age: the entry's age, Age included (§4.2.3), at most N
        Arguments.of("max-age=30 at 20 s", "max-age=30", entry(), 20, true),
        Arguments.of("max-age=30 at 30 s", "max-age=30", entry(), 30, true),
        Arguments.of("max-age=30 at 31 s", "max-age=30", entry(), 31, false),
        Arguments.of("max-age=30 at 20 s, stored with Age: 15", "max-age=30",
            entry("Age", "15"), 20, false),
        Arguments.of("max-age=0 at once: a reload revalidates", "max-age=0", entry(), 0, false),
        // §5.2.1.3 min-fresh: fresh for at least N more
        Arguments.of("min-fresh=20 at 40 s", "min-fresh=20", entry(), 40, true),
        Arguments.of("min-fresh=20 at 41 s", "min-fresh=20", entry(), 41, false),
        // §5.2.1.4 no-cache
        Arguments.of("no-cache", "no-cache", entry(), 0, false),
        Arguments.of("max-age and min-fresh both apply", "max-age=100, min-fresh=50", entry(),
            20, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptable")
  void acceptable_whenHonoured(String name, String cacheControl, Metadata entry, int at,
      boolean expected) {
    RequestFreshness asked = asked(HONOR, "Cache-Control", cacheControl);

    assertThat(asked.constrains()).isTrue();
    assertThat(asked.acceptable(entry, STORED.plusSeconds(at))).isEqualTo(expected);
  }

  static Stream<Arguments> acceptableStale() {
    return Stream.of(
        // §5.2.1.2 max-stale: at most N past freshness, any without N
        Arguments.of("max-stale=30, 20 s stale", "max-stale=30", entry(), 80, true),
        Arguments.of("max-stale=30, 31 s stale", "max-stale=30", entry(), 91, false),
        Arguments.of("max-stale without a value, a day stale", "max-stale", entry(), 86_460,
            true),
        Arguments.of("max-stale=x is ignored", "max-stale=x", entry(), 61, false),
        // §5.2.2.2, §5.2.2.8, §5.2.2.10, §5.2.2.4: the stored response forbids it
        Arguments.of("must-revalidate", "max-stale",
            entry("Cache-Control", "max-age=60, must-revalidate"), 61, false),
        Arguments.of("proxy-revalidate", "max-stale",
            entry("Cache-Control", "max-age=60, proxy-revalidate"), 61, false),
        Arguments.of("s-maxage implies proxy-revalidate", "max-stale",
            entry("Cache-Control", "s-maxage=60"), 61, false),
        Arguments.of("stored no-cache", "max-stale", entry("Cache-Control", "no-cache"), 61,
            false),
        Arguments.of("must-revalidate in CDN-Cache-Control (RFC 9213)", "max-stale",
            entry("CDN-Cache-Control", "max-age=60, must-revalidate"), 61, false),
        Arguments.of("must-revalidate in the route's own field", "max-stale",
            entry("Daramjwee-Cache-Control", "must-revalidate"), 61, false),
        Arguments.of("max-stale with max-age: age still counts", "max-stale, max-age=70",
            entry(), 75, false),
        Arguments.of("max-stale with no-cache: revalidated", "max-stale, no-cache", entry(), 61,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptableStale")
  void acceptableStale_whenHonoured(String name, String cacheControl, Metadata entry, int at,
      boolean expected) {
    RequestFreshness asked = asked(HONOR, "Cache-Control", cacheControl);

    assertThat(asked.acceptableStale(entry, STORED.plusSeconds(at))).isEqualTo(expected);
  }

  @Test
  void notHonoured_byDefault_soAReloadAsksNothing() {
    for (String directives : new String[] {"no-cache", "max-age=0", "min-fresh=10",
        "max-stale=10"}) {
      RequestFreshness asked = asked(DEFAULTS, "Cache-Control", directives);

      assertThat(asked.constrains()).as(directives).isFalse();
      assertThat(asked.acceptsStale()).as(directives).isFalse();
      assertThat(asked.revalidates()).as(directives).isFalse();
    }
    assertThat(asked(DEFAULTS, "Pragma", "no-cache").revalidates()).isFalse();
  }

  @Test
  void onlyIfCached_isHonouredOnEveryRoute_rfc9111_5_2_1_7() {
    RequestHead request =
        RequestHead.get("/p", null, Headers.of("Cache-Control", "max-age=5, only-if-cached"));

    assertThat(RequestFreshness.onlyIfCached(request)).isTrue();
    assertThat(RequestFreshness.of(DEFAULTS, request).onlyIfCached()).isTrue();
    assertThat(RequestFreshness.of(DEFAULTS, request).constrains()).isFalse();
    assertThat(RequestFreshness.of(HONOR, request).onlyIfCached()).isTrue();
    assertThat(RequestFreshness.onlyIfCached(RequestHead.get("/p", null, Headers.empty())))
        .isFalse();
  }

  @Test
  void pragmaNoCache_countsOnlyWithoutCacheControl_rfc9111_5_4() {
    assertThat(asked(HONOR, "Pragma", "no-cache").revalidates()).isTrue();
    assertThat(asked(HONOR, "Pragma", "no-cache", "Cache-Control", "max-age=10").revalidates())
        .isFalse();
  }

  @Test
  void directiveWithoutDeltaSeconds_isIgnored() {
    assertThat(asked(HONOR, "Cache-Control", "min-fresh=soon").constrains()).isFalse();
    assertThat(asked(HONOR, "Cache-Control", "max-stale=x").acceptsStale()).isFalse();
  }

  @Test
  void plainRequest_asksNothing() {
    RequestFreshness asked = asked(HONOR);

    assertThat(asked.onlyIfCached()).isFalse();
    assertThat(asked.constrains()).isFalse();
    assertThat(asked.acceptsStale()).isFalse();
    assertThat(asked(HONOR, "Cache-Control", "no-transform").constrains()).isFalse();
  }

  @Test
  void clockSteppingBack_readsAsAgeZero() {
    RequestFreshness asked = asked(HONOR, "Cache-Control", "max-age=5");

    assertThat(asked.acceptable(entry(), STORED.minus(Duration.ofHours(1)))).isTrue();
  }
}
