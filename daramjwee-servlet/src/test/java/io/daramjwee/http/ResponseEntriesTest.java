package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResponseEntriesTest {

  private static final RouteRules RULES = RouteRules.builder("r").freshFor(Duration.ofSeconds(60))
      .staleFor(Duration.ofSeconds(30)).build();

  private static ResponseHead head(String... fields) {
    return new ResponseHead(200, Headers.of(fields));
  }

  @Test
  void entry_keepsEndToEndFields_inOrder_withoutHopByHopLengthOrAge() {
    Metadata m = ResponseEntries.entry(RULES, head("Content-Type", "text/plain",
        "Connection", "X-Hop", "X-Hop", "secret", "Content-Length", "5", "Age", "3",
        "Transfer-Encoding", "chunked", "X-Kept", "yes"), false);

    assertThat(StoredResponse.decode(m).headers())
        .isEqualTo(Headers.of("Content-Type", "text/plain", "X-Kept", "yes"));
  }

  @Test
  void entry_withoutEtag_waitsForOne_andKnowsNoLength() {
    Metadata m = ResponseEntries.entry(RULES, head(), false);

    assertThat(ResponseEntries.needsEtag(m)).isTrue();
    assertThat(StoredResponse.etag(m)).as("a placeholder is never a validator").isNull();
    assertThat(ResponseEntries.length(m)).isEqualTo(-1);
  }

  @Test
  void entry_withEtag_takesItAsTheValidator() {
    Metadata m = ResponseEntries.entry(RULES, head("ETag", "\"v1\""), false);

    assertThat(ResponseEntries.needsEtag(m)).isFalse();
    assertThat(m.cacheTag()).isEqualTo("\"v1\"");
  }

  @Test
  void completed_fillsLengthAndComputedEtag_withoutChangingTheEncodedSize() {
    Metadata pending = ResponseEntries.entry(RULES, head("Content-Type", "text/plain"), false);
    EtagDigest digest = new EtagDigest();
    digest.update(new byte[] {1, 2, 3}, 0, 3);

    Metadata done = ResponseEntries.completed(pending, 3, digest.etag());

    assertThat(ResponseEntries.length(done)).isEqualTo(3);
    assertThat(StoredResponse.etag(done)).isEqualTo(digest.etag());
    assertThat(done.encode()).hasSameSizeAs(pending.encode());
  }

  @Test
  void completed_keepsTheOriginsEtag() {
    Metadata pending = ResponseEntries.entry(RULES, head("ETag", "\"origin\""), false);

    Metadata done = ResponseEntries.completed(pending, 10, "\"AAAAAAAAAAAAAAAAAAAAAA\"");

    assertThat(StoredResponse.etag(done)).isEqualTo("\"origin\"");
  }

  @ParameterizedTest(name = "[{index}] Age {0}, respect={1} -> fresh {2}s, initial age {3}")
  @CsvSource({
      "'',  true,  60, 0",
      "20,  true,  40, 20",
      "90,  true,   0, 90",
      "20,  false, 60, 20",
      "x1,  true,  60, 0",
      "-5,  true,  60, 0",
      // RFC 9111 §5.1: the first of several values; an invalid first one means no Age at all
      "'20, 5',   true, 40, 20",
      "' 20 ,x',  true, 40, 20",
      "'old, 0',  true, 60, 0",
      "'old, 30', true, 60, 0",
      "99999999999, true, 0, 2147483648",
  })
  void entry_upstreamAge_countsAgainstFreshness_whenTheRouteRespectsCacheControl(String age,
      boolean respect, long freshSeconds, long initialAge) {
    RouteRules rules = RULES.toBuilder().respectCacheControl(respect).build();
    ResponseHead head = age.isEmpty() ? head() : head("Age", age);

    Metadata m = ResponseEntries.entry(rules, head, false);

    assertThat(m.freshFor()).isEqualTo(Duration.ofSeconds(freshSeconds));
    assertThat(ResponseEntries.initialAge(m)).isEqualTo(initialAge);
  }

  @Test
  void entry_repeatedAgeFields_theFirstCounts() {
    Metadata m = ResponseEntries.entry(RULES, head("Age", "20", "Age", "5"), false);

    assertThat(ResponseEntries.initialAge(m)).isEqualTo(20);
    assertThat(m.freshFor()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void entry_receivedAt_givesAResponseWithoutDateItsHeuristic() {
    // RFC 9111 §4.2.2 with RFC 9110 §6.6.1: a tenth of the 10 h since Last-Modified.
    RouteRules heuristic = RULES.toBuilder().freshFor(Duration.ZERO).build();
    ResponseHead head = head("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");

    Metadata m = ResponseEntries.entry(heuristic, head, false,
        Instant.parse("1994-11-06T18:49:37Z"));

    assertThat(m.freshFor()).isEqualTo(Duration.ofHours(1));
    assertThat(ResponseEntries.entry(heuristic, head, false).freshFor())
        .as("no Date, no receipt time: no heuristic").isZero();
  }

  @Test
  void renewed_byA304WithATargetedField_takesItsFreshness() {
    // RFC 9213 §2.2 applies to the merged head of RFC 9111 §4.3.4.
    Metadata stored = ResponseEntries.entry(RULES, head("Cache-Control", "max-age=10",
        "ETag", "\"v1\""), false);

    Metadata renewed = ResponseEntries.renewed(RULES, stored, new ResponseHead(304,
        Headers.of("CDN-Cache-Control", "max-age=300")));

    assertThat(renewed.freshFor()).isEqualTo(Duration.ofSeconds(300));
    assertThat(StoredResponse.decode(renewed).headers().first("Cache-Control"))
        .as("Cache-Control is kept for the client").isEqualTo("max-age=10");
  }

  @Test
  void renewed_noCacheEntry_staysStaleAtOnce() {
    Metadata stored = ResponseEntries.entry(RULES, head("Cache-Control", "no-cache",
        "ETag", "\"v1\""), false);

    Metadata renewed = ResponseEntries.renewed(RULES, stored, new ResponseHead(304,
        Headers.of("ETag", "\"v1\"")));

    assertThat(stored.freshFor()).isZero();
    assertThat(renewed.freshFor()).isZero();
    assertThat(renewed.staleFor()).isZero();
    assertThat(renewed.staleIfError()).isZero();
  }

  @Test
  void renewed_replacesFieldsThe304Carries_keepsTheRest_andLengthAndValidator() {
    Metadata stored = ResponseEntries.completed(ResponseEntries.entry(RULES,
        head("Content-Type", "text/plain", "Cache-Control", "max-age=10", "ETag", "\"v1\"",
            "X-Old", "kept"), false), 7, null);

    Metadata renewed = ResponseEntries.renewed(RULES, stored, new ResponseHead(304,
        Headers.of("Cache-Control", "max-age=120", "Content-Length", "0", "X-New", "added")));

    assertThat(StoredResponse.decode(renewed).status()).isEqualTo(200);
    assertThat(StoredResponse.decode(renewed).headers()).isEqualTo(Headers.of(
        "Content-Type", "text/plain", "ETag", "\"v1\"", "X-Old", "kept",
        "Cache-Control", "max-age=120", "X-New", "added"));
    assertThat(renewed.freshFor()).isEqualTo(Duration.ofSeconds(120));
    assertThat(ResponseEntries.length(renewed)).isEqualTo(7);
    assertThat(renewed.cacheTag()).isEqualTo("\"v1\"");
  }

  @Test
  void renewed_takesThe304sAge_notTheOldOne() {
    Metadata stored = ResponseEntries.entry(RULES, head("Age", "50"), false);

    Metadata renewed = ResponseEntries.renewed(RULES, stored,
        new ResponseHead(304, Headers.of("Age", "5")));

    assertThat(ResponseEntries.initialAge(renewed)).isEqualTo(5);
    assertThat(renewed.freshFor()).isEqualTo(Duration.ofSeconds(55));
  }
}
