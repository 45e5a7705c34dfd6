package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.http.StoragePolicy.Action;
import io.daramjwee.http.StoragePolicy.Decision;
import io.daramjwee.http.StoragePolicy.Reason;
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
        row("302", DEFAULTS, 302, h(), no(Reason.STATUS)),
        row("404 outside route statuses", ONLY_200, 404, h(), no(Reason.STATUS)),
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
        row("no-cache", DEFAULTS, 200, h("Cache-Control", "no-cache"), no(Reason.NO_CACHE)),
        row("no-cache ignored by route", IGNORE_CC, 200, h("Cache-Control", "no-cache"), STORE),
        row("max-age=0", DEFAULTS, 200, h("Cache-Control", "max-age=0"),
            no(Reason.ZERO_LIFETIME)),
        row("invalid max-age", DEFAULTS, 200, h("Cache-Control", "max-age=soon"),
            no(Reason.ZERO_LIFETIME)),
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
        row("max-age=60 stores", DEFAULTS, 200, h("Cache-Control", "public, max-age=60"), STORE));
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
