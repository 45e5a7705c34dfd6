package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.http.RequestPolicy.Action;
import io.daramjwee.http.RequestPolicy.Decision;
import io.daramjwee.http.RequestPolicy.Reason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestPolicyTest {

  private static final RouteRules DEFAULTS = RouteRules.builder("r").build();
  private static final RouteRules AUTH_OK =
      RouteRules.builder("r").allowAuthorization(true).build();
  private static final RouteRules IGNORE_CC =
      RouteRules.builder("r").respectCacheControl(false).build();
  private static final RouteRules HONOR =
      RouteRules.builder("r").honorRequestCacheControl(true).build();

  private static final Decision LOOKUP = Decision.LOOKUP;
  private static final Decision REVALIDATE = Decision.REVALIDATE;
  private static final Decision METHOD = Decision.bypass(Reason.METHOD);
  private static final Decision AUTH = Decision.bypass(Reason.AUTHORIZATION);
  private static final Decision NO_STORE = Decision.bypass(Reason.NO_STORE);

  static Stream<Arguments> cases() {
    return Stream.of(
        row("plain GET", DEFAULTS, "GET", Headers.empty(), LOOKUP),
        row("plain HEAD", DEFAULTS, "HEAD", Headers.empty(), LOOKUP),
        row("POST", DEFAULTS, "POST", Headers.empty(), METHOD),
        row("PUT", DEFAULTS, "PUT", Headers.empty(), METHOD),
        row("OPTIONS", DEFAULTS, "OPTIONS", Headers.empty(), METHOD),
        row("lower-case get is another method", DEFAULTS, "get", Headers.empty(), METHOD),
        row("POST beats Authorization", DEFAULTS, "POST", h("Authorization", "Bearer x"), METHOD),
        row("Authorization", DEFAULTS, "GET", h("Authorization", "Bearer x"), AUTH),
        row("authorization any case", DEFAULTS, "GET", h("authorization", "Basic eA=="), AUTH),
        row("empty Authorization", DEFAULTS, "GET", h("Authorization", ""), AUTH),
        row("Authorization allowed", AUTH_OK, "GET", h("Authorization", "Bearer x"), LOOKUP),
        row("Authorization beats no-store", DEFAULTS, "GET",
            h("Authorization", "x", "Cache-Control", "no-store"), AUTH),
        row("no-store", DEFAULTS, "GET", h("Cache-Control", "no-store"), NO_STORE),
        row("NO-STORE in a list", DEFAULTS, "GET", h("cache-control", "max-age=5, NO-STORE"),
            NO_STORE),
        row("no-store in a second field", DEFAULTS, "GET",
            h("Cache-Control", "max-age=5", "Cache-Control", "no-store"), NO_STORE),
        row("no-store when Cache-Control is ignored", IGNORE_CC, "GET",
            h("Cache-Control", "no-store"), NO_STORE),
        row("no-store beats no-cache", DEFAULTS, "GET", h("Cache-Control", "no-cache, no-store"),
            NO_STORE),
        // RFC 9111 §5.2.1.1, §5.2.1.4, §5.4: honoured only with honor-request-cache-control.
        row("no-cache", HONOR, "GET", h("Cache-Control", "no-cache"), REVALIDATE),
        row("max-age=0", HONOR, "HEAD", h("Cache-Control", "max-age=0"), REVALIDATE),
        // Issue 15: a max-age that is not delta-seconds is ignored, as if absent (CacheControl)
        row("invalid max-age is ignored", HONOR, "GET", h("Cache-Control", "max-age=x"), LOOKUP),
        row("max-age=10 looks up", HONOR, "GET", h("Cache-Control", "max-age=10"), LOOKUP),
        row("Pragma no-cache alone", HONOR, "GET", h("Pragma", "no-cache"), REVALIDATE),
        row("Pragma ignored beside Cache-Control", HONOR, "GET",
            h("Pragma", "no-cache", "Cache-Control", "max-age=10"), LOOKUP),
        row("Pragma other", HONOR, "GET", h("Pragma", "x-foo"), LOOKUP),
        row("honoured although the route ignores the response's", IGNORE_CC.toBuilder()
            .honorRequestCacheControl(true).build(), "GET", h("Cache-Control", "no-cache"),
            REVALIDATE),
        // By default a browser's reload does not force origin traffic (was: respect-cache-control).
        row("no-cache not honoured by default", DEFAULTS, "GET", h("Cache-Control", "no-cache"),
            LOOKUP),
        row("max-age=0 not honoured by default", DEFAULTS, "GET",
            h("Cache-Control", "max-age=0"), LOOKUP),
        row("Pragma not honoured by default", DEFAULTS, "GET", h("Pragma", "no-cache"), LOOKUP),
        row("no-cache ignored by route", IGNORE_CC, "GET", h("Cache-Control", "no-cache"), LOOKUP),
        row("max-age=0 ignored by route", IGNORE_CC, "GET", h("Cache-Control", "max-age=0"),
            LOOKUP),
        row("Pragma ignored by route", IGNORE_CC, "GET", h("Pragma", "no-cache"), LOOKUP),
        row("no-store beats no-cache when honoured", HONOR, "GET",
            h("Cache-Control", "no-cache, no-store"), NO_STORE),
        row("only-if-cached looks up", DEFAULTS, "GET", h("Cache-Control", "only-if-cached"),
            LOOKUP),
        row("only-if-cached looks up when honoured", HONOR, "GET",
            h("Cache-Control", "only-if-cached"), LOOKUP));
  }

  private static Arguments row(String name, RouteRules rules, String method, Headers headers,
      Decision expected) {
    return Arguments.of(name, rules, method, headers, expected);
  }

  private static Headers h(String... nameValuePairs) {
    return Headers.of(nameValuePairs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decide(String name, RouteRules rules, String method, Headers headers, Decision expected) {
    RequestHead request = new RequestHead(method, "/p", null, headers);
    assertThat(RequestPolicy.decide(rules, request)).isEqualTo(expected);
  }

  @Test
  void decision_reasonOnlyWithBypass() {
    assertThatThrownBy(() -> new Decision(Action.LOOKUP, Reason.METHOD))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOOKUP, METHOD");
    assertThatThrownBy(() -> new Decision(Action.BYPASS, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
