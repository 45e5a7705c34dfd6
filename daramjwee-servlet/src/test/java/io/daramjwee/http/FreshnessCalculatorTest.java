package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.http.FreshnessCalculator.Lifetime;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FreshnessCalculatorTest {

  // Route: fresh 60 s, negative 10 s, stale-while-revalidate 30 s, stale-if-error 300 s.
  private static final RouteRules ROUTE = RouteRules.builder("r").freshFor(s(60))
      .negativeFreshFor(s(10)).staleFor(s(30)).staleIfError(s(300)).build();
  private static final RouteRules IGNORE_CC = ROUTE.toBuilder().respectCacheControl(false).build();

  private static final long WEEK = 7 * 24 * 3600;
  private static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";

  static Stream<Arguments> cases() {
    return Stream.of(
        row("route defaults", ROUTE, false, h(), life(60, 30, 300)),
        row("negative uses negative freshness", ROUTE, true, h(), life(10, 30, 300)),
        row("max-age wins", ROUTE, false, cc("max-age=120"), life(120, 30, 300)),
        row("s-maxage beats max-age", ROUTE, false, cc("max-age=120, s-maxage=5"),
            life(5, 30, 300)),
        row("s-maxage alone", ROUTE, false, cc("s-maxage=7"), life(7, 30, 300)),
        row("max-age=0", ROUTE, false, cc("max-age=0"), life(0, 30, 300)),
        row("invalid max-age is stale", ROUTE, false, cc("max-age=1h"), life(0, 30, 300)),
        // Each window is capped at RouteRules.MAX_WINDOW (7 days), so purge marks have a bound.
        row("huge max-age is capped", ROUTE, false, cc("max-age=99999999999999"),
            life(WEEK, 30, 300)),
        row("a year of max-age is capped", ROUTE, false, cc("max-age=31536000"),
            life(WEEK, 30, 300)),
        row("a week of max-age is kept", ROUTE, false, cc("max-age=604800"),
            life(WEEK, 30, 300)),
        row("huge stale windows are capped", ROUTE, false,
            cc("max-age=1, stale-while-revalidate=9999999, stale-if-error=9999999"),
            life(1, WEEK, WEEK)),
        row("response swr wins", ROUTE, false, cc("stale-while-revalidate=5"), life(60, 5, 300)),
        row("response sie wins", ROUTE, false, cc("stale-if-error=0"), life(60, 30, 0)),
        row("invalid swr keeps route's", ROUTE, false, cc("stale-while-revalidate=-1"),
            life(60, 30, 300)),
        row("all from the response", ROUTE, false,
            cc("max-age=1, stale-while-revalidate=2, stale-if-error=3"), life(1, 2, 3)),
        row("negative with max-age", ROUTE, true, cc("max-age=300"), life(300, 30, 300)),
        row("negative with s-maxage", ROUTE, true, cc("s-maxage=2"), life(2, 30, 300)),
        row("no-cache is zero", ROUTE, false, cc("no-cache, max-age=100"), life(0, 30, 300)),
        row("must-revalidate closes windows", ROUTE, false,
            cc("max-age=100, must-revalidate, stale-while-revalidate=9"), life(100, 0, 0)),
        row("proxy-revalidate closes windows", ROUTE, false, cc("proxy-revalidate"),
            life(60, 0, 0)),
        row("Expires minus Date", ROUTE, false,
            h("Date", DATE, "Expires", "Sun, 06 Nov 1994 09:49:37 GMT"), life(3600, 30, 300)),
        row("Expires minus Date, obsolete RFC 850 and asctime forms", ROUTE, false,
            h("Date", "Sunday, 06-Nov-94 08:49:37 GMT", "Expires", "Sun Nov  6 09:49:37 1994"),
            life(3600, 30, 300)),
        row("Expires before Date is zero", ROUTE, false,
            h("Date", DATE, "Expires", "Sun, 06 Nov 1994 07:49:37 GMT"), life(0, 30, 300)),
        row("Expires: 0 is expired", ROUTE, false, h("Date", DATE, "Expires", "0"),
            life(0, 30, 300)),
        row("Expires without Date is ignored", ROUTE, false,
            h("Expires", "Sun, 06 Nov 1994 09:49:37 GMT"), life(60, 30, 300)),
        row("max-age beats Expires", ROUTE, false,
            h("Date", DATE, "Expires", "0", "Cache-Control", "max-age=5"), life(5, 30, 300)),
        row("ignored Cache-Control", IGNORE_CC, false,
            cc("s-maxage=1, stale-while-revalidate=2, stale-if-error=3, must-revalidate"),
            life(60, 30, 300)),
        row("ignored Cache-Control, negative", IGNORE_CC, true, cc("max-age=500"),
            life(10, 30, 300)),
        row("ignored Expires", IGNORE_CC, false, h("Date", DATE, "Expires", "0"),
            life(60, 30, 300)));
  }

  private static Arguments row(String name, RouteRules rules, boolean negative, Headers headers,
      Lifetime expected) {
    return Arguments.of(name, rules, negative, headers, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compute(String name, RouteRules rules, boolean negative, Headers headers,
      Lifetime expected) {
    int status = negative ? 404 : 200;
    assertThat(FreshnessCalculator.compute(rules, new ResponseHead(status, headers), negative))
        .isEqualTo(expected);
  }

  @Test
  void lifetime_negativeDuration_failsNamingIt() {
    assertThatThrownBy(() -> new Lifetime(s(1), s(-1), s(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("staleWhileRevalidate must not be negative: PT-1S");
  }

  private static Headers h(String... nameValuePairs) {
    return Headers.of(nameValuePairs);
  }

  private static Headers cc(String value) {
    return Headers.of("Cache-Control", value);
  }

  private static Lifetime life(long fresh, long swr, long sie) {
    return new Lifetime(s(fresh), s(swr), s(sie));
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
