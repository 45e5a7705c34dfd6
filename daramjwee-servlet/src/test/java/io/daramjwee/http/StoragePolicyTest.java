package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.http.StoragePolicy.Action;
import io.daramjwee.http.StoragePolicy.Decision;
import io.daramjwee.http.StoragePolicy.Reason;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StoragePolicyTest {

  private static final RouteRules DEFAULTS = RouteRules.builder("r").maxObjectSize(1000).build();
  private static final RouteRules IGNORE_CC = DEFAULTS.toBuilder().respectCacheControl(false)
      .build();
  private static final RouteRules ONLY_200 = DEFAULTS.toBuilder().storableStatuses(Set.of(200))
      .build();

  private static final RouteRules NO_FRESHNESS = DEFAULTS.toBuilder().freshFor(Duration.ZERO)
      .build();

  private static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";
  private static final Decision STORE = Decision.STORE;
  private static final Decision NEGATIVE = Decision.STORE_NEGATIVE;

  static Stream<Arguments> cases() {
    return Stream.of(
        row("plain 200", DEFAULTS, 200, h(), STORE),
        row("every default status stores", DEFAULTS, 308, h(), STORE),
        row("404 is negative", DEFAULTS, 404, h(), NEGATIVE),
        row("410 is negative", DEFAULTS, 410, h(), NEGATIVE),
        row("500", DEFAULTS, 500, h(), no(Reason.STATUS)),
        row("206 partial", DEFAULTS, 206, h(), no(Reason.STATUS)),
        row("302 without explicit freshness", DEFAULTS, 302, h(), no(Reason.STATUS)),
        row("404 outside route statuses", ONLY_200, 404, h(), no(Reason.STATUS)),
        // RFC 9111 §3: any final status with explicit freshness or public may be stored
        row("302 with max-age", DEFAULTS, 302, h("Cache-Control", "max-age=60"), STORE),
        row("307 with s-maxage", DEFAULTS, 307, h("Cache-Control", "s-maxage=60"), STORE),
        row("400 with Expires", DEFAULTS, 400,
            h("Date", DATE, "Expires", "Sun, 06 Nov 1994 08:50:37 GMT"), STORE),
        row("302 public", DEFAULTS, 302, h("Cache-Control", "public"), STORE),
        row("404 outside route statuses, with max-age", ONLY_200, 404,
            h("Cache-Control", "max-age=60"), NEGATIVE),
        row("302 with a targeted max-age", DEFAULTS, 302, h("CDN-Cache-Control", "max-age=60"),
            STORE),
        row("302 with an invalid max-age", DEFAULTS, 302, h("Cache-Control", "max-age=soon"),
            no(Reason.STATUS)),
        row("302 with max-age, route ignores Cache-Control", IGNORE_CC, 302,
            h("Cache-Control", "max-age=60"), no(Reason.STATUS)),
        row("302 with max-age but private", DEFAULTS, 302,
            h("Cache-Control", "max-age=60, private"), no(Reason.PRIVATE)),
        // ...but never these, whatever the response or the route says
        row("206 with max-age", DEFAULTS, 206, h("Cache-Control", "max-age=60"),
            no(Reason.STATUS)),
        row("206 even if the route lists it", DEFAULTS.toBuilder()
            .storableStatuses(Set.of(200, 206)).build(), 206, h(), no(Reason.STATUS)),
        row("304 with max-age", DEFAULTS, 304, h("Cache-Control", "max-age=60"),
            no(Reason.STATUS)),
        row("103 with max-age", DEFAULTS, 103, h("Cache-Control", "max-age=60"),
            no(Reason.STATUS)),
        row("503 with max-age", DEFAULTS, 503, h("Cache-Control", "max-age=60"),
            no(Reason.STATUS)),
        row("600 with max-age", DEFAULTS, 600, h("Cache-Control", "max-age=60"),
            no(Reason.STATUS)),
        row("status beats no-store", DEFAULTS, 500, h("Cache-Control", "no-store"),
            no(Reason.STATUS)),
        row("no-store", DEFAULTS, 200, h("Cache-Control", "no-store"), no(Reason.NO_STORE)),
        row("no-store in a later field", DEFAULTS, 200,
            h("Cache-Control", "public", "cache-control", "No-Store"), no(Reason.NO_STORE)),
        row("no-store with Cache-Control ignored", IGNORE_CC, 200, h("Cache-Control", "no-store"),
            no(Reason.NO_STORE)),
        row("no-store beats private", DEFAULTS, 200, h("Cache-Control", "private, no-store"),
            no(Reason.NO_STORE)),
        row("private", DEFAULTS, 200, h("Cache-Control", "private"), no(Reason.PRIVATE)),
        row("private with field names", DEFAULTS, 200,
            h("Cache-Control", "private=\"Set-Cookie\", max-age=60"), no(Reason.PRIVATE)),
        row("private with Cache-Control ignored", IGNORE_CC, 200, h("Cache-Control", "private"),
            no(Reason.PRIVATE)),
        row("private on a 404", DEFAULTS, 404, h("Cache-Control", "private"), no(Reason.PRIVATE)),
        row("Set-Cookie", DEFAULTS, 200, h("Set-Cookie", "id=1"), no(Reason.SET_COOKIE)),
        row("set-cookie any case", DEFAULTS, 200, h("set-cookie", "id=1"), no(Reason.SET_COOKIE)),
        row("private beats Set-Cookie", DEFAULTS, 200,
            h("Set-Cookie", "id=1", "Cache-Control", "private"), no(Reason.PRIVATE)),
        row("Vary *", DEFAULTS, 200, h("Vary", "*"), no(Reason.VARY_STAR)),
        row("Vary * in a list", DEFAULTS, 200, h("Vary", "Accept, * "), no(Reason.VARY_STAR)),
        row("Vary * in a second field", DEFAULTS, 200, h("Vary", "Accept", "vary", "*"),
            no(Reason.VARY_STAR)),
        row("Vary by names stores", DEFAULTS, 200, h("Vary", "Accept-Encoding"), STORE),
        row("Content-Length at the limit", DEFAULTS, 200, h("Content-Length", "1000"), STORE),
        row("Content-Length above", DEFAULTS, 200, h("Content-Length", "1001"),
            no(Reason.TOO_LARGE)),
        row("Content-Length huge", DEFAULTS, 200, h("Content-Length", "9".repeat(40)),
            no(Reason.TOO_LARGE)),
        row("Content-Length unreadable is checked later", DEFAULTS, 200,
            h("Content-Length", "12x4"), STORE),
        row("Content-Length padded", DEFAULTS, 200, h("Content-Length", " 1001 "),
            no(Reason.TOO_LARGE)),
        // RFC 9111 §5.2.2.4: no-cache is stored to be revalidated, when it can be (issue 15)
        row("no-cache without a validator", DEFAULTS, 200, h("Cache-Control", "no-cache"),
            no(Reason.NO_CACHE)),
        row("no-cache with an ETag", DEFAULTS, 200, h("Cache-Control", "no-cache", "ETag", "\"a\""),
            STORE),
        row("no-cache with a Last-Modified", DEFAULTS, 200,
            h("Cache-Control", "no-cache", "Last-Modified", DATE), STORE),
        row("no-cache with an unreadable Last-Modified", DEFAULTS, 200,
            h("Cache-Control", "no-cache", "Last-Modified", "yesterday"), no(Reason.NO_CACHE)),
        row("qualified no-cache with an ETag", DEFAULTS, 200,
            h("Cache-Control", "no-cache=\"Set-Cookie\"", "ETag", "W/\"a\""), STORE),
        row("no-cache on a 404 with an ETag", DEFAULTS, 404,
            h("Cache-Control", "no-cache", "ETag", "\"a\""), NEGATIVE),
        row("no-cache ignored by route", IGNORE_CC, 200, h("Cache-Control", "no-cache"), STORE),
        row("max-age=0", DEFAULTS, 200, h("Cache-Control", "max-age=0"),
            no(Reason.ZERO_LIFETIME)),
        row("max-age=0 with an ETag", DEFAULTS, 200, h("Cache-Control", "max-age=0",
            "ETag", "\"a\""), STORE),
        row("max-age=0, must-revalidate with a Last-Modified", DEFAULTS, 200,
            h("Cache-Control", "max-age=0, must-revalidate", "Last-Modified", DATE), STORE),
        // Issue 15: an invalid max-age is ignored, so the route's freshness applies
        row("invalid max-age", DEFAULTS, 200, h("Cache-Control", "max-age=soon"), STORE),
        row("s-maxage=0 beats max-age", DEFAULTS, 200, h("Cache-Control", "max-age=60, s-maxage=0"),
            no(Reason.ZERO_LIFETIME)),
        row("s-maxage beats max-age=0", DEFAULTS, 200, h("Cache-Control", "max-age=0, s-maxage=60"),
            STORE),
        row("max-age=0 with stale-while-revalidate", DEFAULTS, 200,
            h("Cache-Control", "max-age=0, stale-while-revalidate=30"), STORE),
        row("max-age=0 with stale-if-error", DEFAULTS, 200,
            h("Cache-Control", "max-age=0, stale-if-error=30"), STORE),
        row("max-age=0, swr and must-revalidate", DEFAULTS, 200,
            h("Cache-Control", "max-age=0, stale-while-revalidate=30, must-revalidate"),
            no(Reason.ZERO_LIFETIME)),
        row("max-age=0, sie and proxy-revalidate", DEFAULTS, 200,
            h("Cache-Control", "max-age=0, stale-if-error=30, proxy-revalidate"),
            no(Reason.ZERO_LIFETIME)),
        row("max-age=0 ignored by route", IGNORE_CC, 200, h("Cache-Control", "max-age=0"), STORE),
        row("max-age=0 on a 404", DEFAULTS, 404, h("Cache-Control", "max-age=0"),
            no(Reason.ZERO_LIFETIME)),
        row("Expires at Date", DEFAULTS, 200, h("Date", DATE, "Expires", DATE),
            no(Reason.ZERO_LIFETIME)),
        row("Expires: 0", DEFAULTS, 200, h("Expires", "0"), no(Reason.ZERO_LIFETIME)),
        row("Expires after Date", DEFAULTS, 200,
            h("Date", DATE, "Expires", "Sun, 06 Nov 1994 08:50:37 GMT"), STORE),
        row("max-age beats Expires: 0", DEFAULTS, 200,
            h("Expires", "0", "Cache-Control", "max-age=60"), STORE),
        row("max-age=60 stores", DEFAULTS, 200, h("Cache-Control", "public, max-age=60"), STORE),
        // RFC 9111 §4.2.2: no freshness of the route's own: a Last-Modified heuristic, else none
        row("heuristic from Last-Modified", NO_FRESHNESS, 200,
            h("Date", DATE, "Last-Modified", "Sat, 05 Nov 1994 08:49:37 GMT"), STORE),
        row("no heuristic, no validator", NO_FRESHNESS, 200, h("Date", DATE),
            no(Reason.ZERO_LIFETIME)),
        row("no heuristic, but an ETag", NO_FRESHNESS, 200, h("ETag", "\"a\""), STORE),
        row("no freshness but a stale window", NO_FRESHNESS.toBuilder()
            .staleFor(Duration.ofSeconds(30)).build(), 200, h(), STORE),
        row("no freshness, must-revalidate, route ignores Cache-Control", NO_FRESHNESS.toBuilder()
            .staleFor(Duration.ofSeconds(30)).respectCacheControl(false).build(), 200,
            h("Cache-Control", "must-revalidate"), no(Reason.ZERO_LIFETIME)),
        // RFC 9213 §2.2: a targeted field replaces Cache-Control, no-store and private included
        row("targeted max-age beside no-store", DEFAULTS, 200,
            h("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60"), STORE),
        row("targeted max-age beside private", DEFAULTS, 200,
            h("Cache-Control", "private", "Daramjwee-Cache-Control", "max-age=60"), STORE),
        row("targeted no-store beside max-age", DEFAULTS, 200,
            h("Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store"),
            no(Reason.NO_STORE)),
        row("targeted private", DEFAULTS, 200, h("Daramjwee-Cache-Control", "private"),
            no(Reason.PRIVATE)),
        row("targeted field with Set-Cookie", DEFAULTS, 200,
            h("CDN-Cache-Control", "max-age=60", "Set-Cookie", "id=1"), no(Reason.SET_COOKIE)),
        row("targeted no-cache without a validator", DEFAULTS, 200,
            h("Cache-Control", "max-age=60", "CDN-Cache-Control", "no-cache"),
            no(Reason.NO_CACHE)),
        row("unreadable targeted field falls back", DEFAULTS, 200,
            h("Cache-Control", "no-store", "CDN-Cache-Control", "@@"), no(Reason.NO_STORE)),
        row("targeted no-store with Cache-Control ignored", IGNORE_CC, 200,
            h("CDN-Cache-Control", "no-store"), no(Reason.NO_STORE)));
  }

  private static Arguments row(String name, RouteRules rules, int status, Headers headers,
      Decision expected) {
    return Arguments.of(name, rules, status, headers, expected);
  }

  private static Decision no(Reason reason) {
    return Decision.dontStore(reason);
  }

  private static Headers h(String... nameValuePairs) {
    return Headers.of(nameValuePairs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decide(String name, RouteRules rules, int status, Headers headers, Decision expected) {
    RequestHead get = RequestHead.get("/p", null, Headers.empty());
    assertThat(StoragePolicy.decide(rules, get, new ResponseHead(status, headers)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "HEAD, ,         METHOD",
      "POST, ,         METHOD",
      "GET,  no-store, NO_STORE",
      "GET,  no-cache, "})
  void decide_request(String method, String requestCacheControl, Reason expected) {
    Headers headers = requestCacheControl == null ? Headers.empty()
        : Headers.of("Cache-Control", requestCacheControl);
    Decision d = StoragePolicy.decide(DEFAULTS, new RequestHead(method, "/p", null, headers),
        new ResponseHead(200, Headers.empty()));
    assertThat(d).isEqualTo(expected == null ? STORE : no(expected));
  }

  @Test
  void decision_reasonOnlyWithDontStore() {
    assertThatThrownBy(() -> new Decision(Action.STORE, Reason.STATUS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STORE, STATUS");
    assertThatThrownBy(() -> new Decision(Action.DONT_STORE, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
