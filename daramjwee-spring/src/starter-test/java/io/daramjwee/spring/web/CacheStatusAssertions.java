package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/**
 * What the {@code Cache-Status} field (RFC 9211) of a real HTTP response says about a route, for
 * the Tomcat tests of this package. Stateless.
 */
final class CacheStatusAssertions {

  private CacheStatusAssertions() {}

  /** Served from the cache (RFC 9211: the {@code hit} parameter). */
  static void assertHit(HttpResponse<String> response) {
    assertThat(cacheStatus(response)).as("Cache-Status of %s", response.uri())
        .matches("daramjwee; *hit(;.*)?");
  }

  /** Covered by a route, and went forward to the origin. */
  static void assertMiss(HttpResponse<String> response) {
    assertThat(cacheStatus(response)).as("Cache-Status of %s", response.uri())
        .startsWith("daramjwee").contains("fwd=").doesNotContain("; hit");
  }

  /** No route covers it: the cache did not touch it. */
  static void assertUncovered(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Cache-Status"))
        .as("Cache-Status of %s %s", response.request().method(), response.uri()).isEmpty();
  }

  /** The field's value, or "(none)". */
  static String cacheStatus(HttpResponse<String> response) {
    return response.headers().firstValue("Cache-Status").orElse("(none)");
  }
}
