package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.http.FreshnessCalculator.Lifetime;
import java.time.Duration;
import java.time.Instant;
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
        // An explicit zero keeps only the response's own windows (RFC 9111 §4.2.4): the route's
        // windows are no permission to serve stale what the origin said is stale at once.
        row("max-age=0", ROUTE, false, cc("max-age=0"), life(0, 0, 0)),
        row("max-age=0 with its own swr", ROUTE, false,
            cc("max-age=0, stale-while-revalidate=5"), life(0, 5, 0)),
        row("max-age=0 with its own sie", ROUTE, false, cc("max-age=0, stale-if-error=7"),
            life(0, 0, 7)),
        // Issue 15: a max-age that is not delta-seconds is ignored, not read as zero.
        row("invalid max-age is ignored", ROUTE, false, cc("max-age=1h"), life(60, 30, 300)),
        row("invalid max-age leaves Expires", ROUTE, false,
            h("Date", DATE, "Expires", "Sun, 06 Nov 1994 08:51:37 GMT", "Cache-Control",
                "max-age=1h"), life(120, 30, 300)),
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
        // RFC 9111 §5.2.2.4: stored, but every reuse revalidates, so no stale window at all.
        row("no-cache is zero, no windows", ROUTE, false, cc("no-cache, max-age=100"),
            life(0, 0, 0)),
        row("no-cache closes the response's own windows", ROUTE, false,
            cc("no-cache, stale-while-revalidate=9, stale-if-error=9"), life(0, 0, 0)),
        row("qualified no-cache is no-cache", ROUTE, false,
            cc("no-cache=\"Set-Cookie\", max-age=100"), life(0, 0, 0)),
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
            h("Date", DATE, "Expires", "Sun, 06 Nov 1994 07:49:37 GMT"), life(0, 0, 0)),
        // RFC 9111 §5.3: an invalid Expires means already expired.
        row("Expires: 0 is expired", ROUTE, false, h("Date", DATE, "Expires", "0"),
            life(0, 0, 0)),
        row("invalid Expires without Date is expired", ROUTE, false, h("Expires", "soon"),
            life(0, 0, 0)),
        row("Expires in lower case", ROUTE, false,
            h("Date", DATE, "Expires", "sun, 06 nov 1994 09:49:37 gmt"), life(3600, 30, 300)),
        row("Expires without Date is ignored", ROUTE, false,
            h("Expires", "Sun, 06 Nov 1994 09:49:37 GMT"), life(60, 30, 300)),
        row("max-age beats Expires", ROUTE, false,
            h("Date", DATE, "Expires", "0", "Cache-Control", "max-age=5"), life(5, 30, 300)),
        row("ignored Cache-Control", IGNORE_CC, false,
            cc("s-maxage=1, stale-while-revalidate=2, stale-if-error=3, no-cache"),
            life(60, 30, 300)),
        // Issue 15: must-revalidate protects correctness, so it holds on every route.
        row("must-revalidate closes windows even when Cache-Control is ignored", IGNORE_CC, false,
            cc("max-age=1, must-revalidate"), life(60, 0, 0)),
        row("proxy-revalidate closes windows even when Cache-Control is ignored", IGNORE_CC,
            true, cc("proxy-revalidate"), life(10, 0, 0)),
        row("ignored Cache-Control, negative", IGNORE_CC, true, cc("max-age=500"),
            life(10, 30, 300)),
        row("ignored Expires", IGNORE_CC, false, h("Date", DATE, "Expires", "0"),
            life(60, 30, 300)));
  }

  // Route without freshness of its own: a Last-Modified heuristic (RFC 9111 §4.2.2), at most 1 h.
  private static final RouteRules HEURISTIC = ROUTE.toBuilder().freshFor(Duration.ZERO)
      .negativeFreshFor(Duration.ZERO).maxHeuristicFreshness(Duration.ofHours(1)).build();
  private static final String TEN_HOURS_BEFORE = "Sat, 05 Nov 1994 22:49:37 GMT";
  private static final String TEN_DAYS_BEFORE = "Thu, 27 Oct 1994 08:49:37 GMT";

  static Stream<Arguments> heuristics() {
    return Stream.of(
        row("10% of Date minus Last-Modified", HEURISTIC, false,
            h("Date", DATE, "Last-Modified", TEN_HOURS_BEFORE), life(3600, 30, 300)),
        row("a tenth of 5 h", HEURISTIC, false,
            h("Date", DATE, "Last-Modified", "Sun, 06 Nov 1994 03:49:37 GMT"), life(1800, 30, 300)),
        row("capped by maxHeuristicFreshness", HEURISTIC, false,
            h("Date", DATE, "Last-Modified", TEN_DAYS_BEFORE), life(3600, 30, 300)),
        row("negative entries too", HEURISTIC, true,
            h("Date", DATE, "Last-Modified", "Sun, 06 Nov 1994 03:49:37 GMT"), life(1800, 30, 300)),
        row("no Last-Modified, no heuristic", HEURISTIC, false, h("Date", DATE), life(0, 30, 300)),
        row("unreadable Last-Modified, no heuristic", HEURISTIC, false,
            h("Date", DATE, "Last-Modified", "yesterday"), life(0, 30, 300)),
        row("Last-Modified after Date, no heuristic", HEURISTIC, false,
            h("Date", DATE, "Last-Modified", "Mon, 07 Nov 1994 08:49:37 GMT"), life(0, 30, 300)),
        row("no Date and no receipt time, no heuristic", HEURISTIC, false,
            h("Last-Modified", TEN_HOURS_BEFORE), life(0, 30, 300)),
        row("explicit freshness beats the heuristic", HEURISTIC, false,
            h("Date", DATE, "Last-Modified", TEN_HOURS_BEFORE, "Cache-Control", "max-age=5"),
            life(5, 30, 300)),
        row("the route's freshFor is the heuristic when set", ROUTE, false,
            h("Date", DATE, "Last-Modified", TEN_HOURS_BEFORE), life(60, 30, 300)),
        row("no heuristic when Cache-Control is ignored", HEURISTIC.toBuilder()
                .respectCacheControl(false).build(), false,
            h("Date", DATE, "Last-Modified", TEN_HOURS_BEFORE), life(0, 30, 300)),
        row("no-cache beats the heuristic", HEURISTIC, false,
            h("Date", DATE, "Last-Modified", TEN_HOURS_BEFORE, "Cache-Control", "no-cache"),
            life(0, 0, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("heuristics")
  void compute_heuristic(String name, RouteRules rules, boolean negative, Headers headers,
      Lifetime expected) {
    compute(name, rules, negative, headers, expected);
  }

  @Test
  void compute_receivedAt_standsInForAMissingDate() {
    // RFC 9110 §6.6.1: a recipient records the time it received a response without Date.
    Instant received = Instant.parse("1994-11-06T08:49:37Z");
    ResponseHead lastModified = new ResponseHead(200, h("Last-Modified", TEN_HOURS_BEFORE));
    ResponseHead expires = new ResponseHead(200, h("Expires", "Sun, 06 Nov 1994 08:53:37 GMT"));

    assertThat(FreshnessCalculator.compute(HEURISTIC, lastModified, false, received))
        .isEqualTo(life(3600, 30, 300));
    assertThat(FreshnessCalculator.compute(ROUTE, expires, false, received))
        .isEqualTo(life(240, 30, 300));
    assertThat(FreshnessCalculator.compute(ROUTE, new ResponseHead(200, h("Date", DATE,
        "Expires", "Sun, 06 Nov 1994 08:51:37 GMT")), false, received.plusSeconds(3600)))
        .as("a Date the response has wins").isEqualTo(life(120, 30, 300));
  }

  static Stream<Arguments> targeted() {
    RouteRules edge = ROUTE.toBuilder().targetedCacheControl("Edge-Control").build();
    return Stream.of(
        // RFC 9213 §2.2: the first valid field of the target list replaces Cache-Control...
        row("CDN-Cache-Control beats Cache-Control", ROUTE, false,
            h("Cache-Control", "max-age=5", "CDN-Cache-Control", "max-age=500"),
            life(500, 30, 300)),
        row("our field beats CDN-Cache-Control", ROUTE, false,
            h("CDN-Cache-Control", "max-age=500", "Daramjwee-Cache-Control", "max-age=50"),
            life(50, 30, 300)),
        row("a configured field name", edge, false,
            h("Daramjwee-Cache-Control", "max-age=50", "Edge-Control", "max-age=7"),
            life(7, 30, 300)),
        row("the default name is not ours once renamed", edge, false,
            h("Daramjwee-Cache-Control", "max-age=50", "CDN-Cache-Control", "max-age=9"),
            life(9, 30, 300)),
        // ...entirely: its windows, its no-cache, its must-revalidate, and Expires too
        row("Cache-Control's windows do not count", ROUTE, false,
            h("Cache-Control", "stale-while-revalidate=1, no-cache", "CDN-Cache-Control",
                "max-age=500"), life(500, 30, 300)),
        row("the targeted field's windows do", ROUTE, false,
            h("CDN-Cache-Control", "max-age=5, stale-if-error=1"), life(5, 30, 1)),
        row("targeted no-cache", ROUTE, false,
            h("Cache-Control", "max-age=500", "CDN-Cache-Control", "no-cache"), life(0, 0, 0)),
        row("targeted must-revalidate", ROUTE, false,
            h("Cache-Control", "max-age=500", "CDN-Cache-Control", "must-revalidate"),
            life(60, 0, 0)),
        row("Expires is ignored beside a targeted field", ROUTE, false,
            h("Date", DATE, "Expires", "0", "CDN-Cache-Control", "stale-if-error=1"),
            life(60, 30, 1)),
        row("an empty targeted field is ignored", ROUTE, false,
            h("Cache-Control", "max-age=5", "CDN-Cache-Control", " , "), life(5, 30, 300)),
        row("an unreadable targeted field falls through to the next", ROUTE, false,
            h("Daramjwee-Cache-Control", "@@", "CDN-Cache-Control", "max-age=8"),
            life(8, 30, 300)),
        row("a targeted field when Cache-Control is ignored", IGNORE_CC, false,
            h("CDN-Cache-Control", "max-age=500, must-revalidate"), life(60, 0, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targeted")
  void compute_targetedField(String name, RouteRules rules, boolean negative, Headers headers,
      Lifetime expected) {
    compute(name, rules, negative, headers, expected);
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
