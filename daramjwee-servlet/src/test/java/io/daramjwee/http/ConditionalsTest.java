package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionalsTest {

  private static final String LM = "Sat, 21 Nov 2026 10:00:00 GMT";

  @ParameterizedTest(name = "[{index}] {0} INM={1} IMS={2} etag={3} lm={4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // If-None-Match: strong and weak tags match weakly (RFC 9110 §8.8.3.2)
      "GET  | \"a\"                | NULL | \"a\"   | NULL | true",
      "HEAD | \"a\"                | NULL | \"a\"   | NULL | true",
      "GET  | W/\"a\"              | NULL | \"a\"   | NULL | true",
      "GET  | \"a\"                | NULL | W/\"a\" | NULL | true",
      "GET  | W/\"a\"              | NULL | W/\"a\" | NULL | true",
      "GET  | \"b\"                | NULL | \"a\"   | NULL | false",
      "GET  | \"A\"                | NULL | \"a\"   | NULL | false",
      "GET  | \"b\", W/\"a\"       | NULL | \"a\"   | NULL | true",
      "GET  | \"b\" ,\t\"c\"       | NULL | \"a\"   | NULL | false",
      "GET  | \"a,b\"              | NULL | \"a,b\" | NULL | true",
      "GET  | \"a,b\"              | NULL | \"a\"   | NULL | false",
      "GET  | *                    | NULL | \"a\"   | NULL | true",
      "GET  | *                    | NULL | NULL    | NULL | true",
      "GET  | \"a\"                | NULL | NULL    | NULL | false",
      // malformed lists never match
      "GET  | a                    | NULL | a       | NULL | false",
      "GET  | \"a\" \"b\"          | NULL | \"a\"   | NULL | false",
      "GET  | \"a                  | NULL | \"a\"   | NULL | false",
      "GET  | ''                   | NULL | \"a\"   | NULL | false",
      "GET  | *, \"a\"             | NULL | \"a\"   | NULL | false",
      // only GET and HEAD
      "POST | \"a\"                | NULL | \"a\"   | NULL | false",
      "PUT  | *                    | NULL | \"a\"   | NULL | false",
      // If-Modified-Since (RFC 9110 §13.1.3)
      "GET  | NULL | Sat, 21 Nov 2026 10:00:00 GMT     | NULL | " + LM + " | true",
      "GET  | NULL | Sat, 21 Nov 2026 10:00:01 GMT     | NULL | " + LM + " | true",
      "GET  | NULL | Sat, 21 Nov 2026 09:59:59 GMT     | NULL | " + LM + " | false",
      "GET  | NULL | Saturday, 21-Nov-26 10:00:00 GMT  | NULL | " + LM + " | true",
      "GET  | NULL | Sat Nov 21 10:00:00 2026          | NULL | " + LM + " | true",
      "GET  | NULL | Sat Nov 21 09:00:00 2026          | NULL | " + LM + " | false",
      "GET  | NULL | sat, 21 nov 2026 10:00:00 gmt     | NULL | " + LM + " | true",
      "GET  | NULL | SAT, 21 NOV 2026 09:59:59 GMT     | NULL | " + LM + " | false",
      "GET  | NULL | garbage                           | NULL | " + LM + " | false",
      "GET  | NULL | Sat, 21 Nov 2026 10:00:00 GMT     | NULL | garbage   | false",
      "GET  | NULL | Sat, 21 Nov 2026 10:00:00 GMT     | NULL | NULL      | false",
      "POST | NULL | Sat, 21 Nov 2026 10:00:00 GMT     | NULL | " + LM + " | false",
      // If-None-Match present: If-Modified-Since is not consulted (RFC 9110 §13.2.2)
      "GET  | \"b\" | Sat, 21 Nov 2026 11:00:00 GMT    | \"a\" | " + LM + " | false",
      "GET  | \"a\" | Sat, 21 Nov 2026 09:00:00 GMT    | \"a\" | " + LM + " | true",
      // neither header
      "GET  | NULL | NULL | \"a\" | " + LM + " | false",
  })
  void notModified_table(String method, String ifNoneMatch, String ifModifiedSince, String etag,
      String lastModified, boolean expected) {
    Headers.Builder h = Headers.builder();
    if (ifNoneMatch != null) {
      h.add("If-None-Match", ifNoneMatch);
    }
    if (ifModifiedSince != null) {
      h.add("If-Modified-Since", ifModifiedSince);
    }
    RequestHead request = new RequestHead(method, "/p", null, h.build());
    assertThat(Conditionals.notModified(request, etag, lastModified)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"x\"        | \"y\"  | false",
      "\"x\", \"y\" | \"z\"  | false",
      "\"x\"        | \"a\"  | true",
      "\"x\"        | \"y\", W/\"a\"  | true",
  })
  void notModified_repeatedIfNoneMatchFields_combineIntoOneList(String first, String second,
      boolean expected) {
    RequestHead request = RequestHead.get("/p", null,
        Headers.of("If-None-Match", first, "If-None-Match", second));
    assertThat(Conditionals.notModified(request, "\"a\"", null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2026-11-21T00:00:00Z | true",
      "1990-01-01T00:00:00Z | false",
  })
  void notModified_rfc850Year_isReadAgainstNow(String now, boolean expected) {
    // "76" is 2076 in 2026 but 1976 in 1990: against a 2030 Last-Modified only 2076 is later.
    RequestHead request = RequestHead.get("/p", null,
        Headers.of("If-Modified-Since", "Thursday, 01-Jan-76 00:00:00 GMT"));
    assertThat(Conditionals.notModified(request, null, "Tue, 01 Jan 2030 00:00:00 GMT",
        Instant.parse(now))).isEqualTo(expected);
  }

  static Stream<Arguments> notModifiedWhen() {
    Headers inm = Headers.of("If-None-Match", "W/\"a\"");
    Headers ims = Headers.of("If-Modified-Since", LM);
    return Stream.of(
        Arguments.of("stored ETag field", inm, stored(200, Headers.of("ETag", "\"a\""), null),
            true),
        Arguments.of("computed tag", inm, stored(200, Headers.empty(), "\"a\""), true),
        Arguments.of("other tag", inm, stored(200, Headers.of("ETag", "\"b\""), null), false),
        Arguments.of("Last-Modified", ims, stored(200, Headers.of("Last-Modified", LM), null),
            true),
        // RFC 9111 §4.3.2: no Last-Modified, so the stored Date; neither, the time stored
        Arguments.of("Date when no Last-Modified", ims,
            stored(200, Headers.of("Date", LM), null), true),
        Arguments.of("a later Date when no Last-Modified", ims,
            stored(200, Headers.of("Date", "Sat, 21 Nov 2026 10:00:01 GMT"), null), false),
        Arguments.of("Last-Modified before Date", ims, stored(200, Headers.of(
            "Date", "Sat, 21 Nov 2026 12:00:00 GMT", "Last-Modified", LM), null), true),
        Arguments.of("an unreadable Last-Modified does not fall back to Date", ims,
            stored(200, Headers.of("Date", LM, "Last-Modified", "garbage"), null), false),
        Arguments.of("stored at that second", ims, stored(200, Headers.empty(), null)
            .withCachedAt(Instant.parse("2026-11-21T10:00:00.900Z")), true),
        Arguments.of("stored a second later", ims, stored(200, Headers.empty(), null)
            .withCachedAt(Instant.parse("2026-11-21T10:00:01Z")), false),
        Arguments.of("not stamped", ims, stored(200, Headers.empty(), null), false),
        // RFC 9110 §13.2.2: If-None-Match decides; If-Modified-Since is not even read
        Arguments.of("If-None-Match beats a matching date",
            Headers.of("If-None-Match", "\"b\"", "If-Modified-Since", LM),
            stored(200, Headers.of("ETag", "\"a\"", "Last-Modified", LM), null), false),
        Arguments.of("If-None-Match beats an older date",
            Headers.of("If-None-Match", "\"x\", W/\"a\"", "If-Modified-Since",
                "Sat, 21 Nov 2026 09:00:00 GMT"),
            stored(200, Headers.of("ETag", "\"a\"", "Last-Modified", LM), null), true),
        Arguments.of("stored 404 never 304", inm,
            stored(404, Headers.of("ETag", "\"a\""), null), false),
        Arguments.of("stored 203 never 304", inm,
            stored(203, Headers.of("ETag", "\"a\""), null), false),
        Arguments.of("negative entry", inm, stored(200, Headers.of("ETag", "\"a\""), null)
            .toBuilder().negative(true).build(), false),
        Arguments.of("not an HTTP entry", inm, Metadata.ofTag("\"a\""), false),
        Arguments.of("unconditional", Headers.empty(),
            stored(200, Headers.of("ETag", "\"a\""), null), false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void notModifiedWhen(String why, Headers requestHeaders, Metadata stored, boolean expected) {
    assertThat(Conditionals.notModifiedWhen(RequestHead.get("/p", null, requestHeaders))
        .test(stored)).isEqualTo(expected);
  }

  private static Metadata stored(int status, Headers headers, String cacheTag) {
    return StoredResponse.encodeInto(Metadata.builder().cacheTag(cacheTag),
        new ResponseHead(status, headers), Map.of()).build();
  }
}
