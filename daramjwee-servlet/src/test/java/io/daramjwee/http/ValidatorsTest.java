package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9111 §4.3.1: the validators sent to revalidate a stored response. */
class ValidatorsTest {

  private static final RouteRules RULES = RouteRules.builder("r").build();
  private static final String DATE = "Tue, 15 Nov 1994 12:45:26 GMT";

  private static Metadata stored(String... fields) {
    return ResponseEntries.entry(RULES, new ResponseHead(200, Headers.of(fields)), false);
  }

  @Test
  void storedEtagAndLastModified_areSentVerbatim() {
    Metadata m = stored("ETag", "W/\"v1\"", "Last-Modified", DATE);

    assertThat(Validators.ifNoneMatch(m)).isEqualTo("W/\"v1\"");
    assertThat(Validators.ifModifiedSince(m)).isEqualTo(DATE);
    assertThat(Validators.any(m)).isTrue();
  }

  @Test
  void computedDigest_isNeverSent_rfc9110_13_2_2() {
    Metadata m = ResponseEntries.completed(stored("Last-Modified", DATE), 3,
        new EtagDigest().etag());

    assertThat(StoredResponse.etag(m)).as("the cache's own tag").isNotNull();
    assertThat(Validators.ifNoneMatch(m)).isNull();
    assertThat(Validators.ifModifiedSince(m)).isEqualTo(DATE);
  }

  @Test
  void lastModifiedThatIsNoDate_isNotSent_rfc9110_13_1_3() {
    Metadata m = stored("Last-Modified", "yesterday");

    assertThat(Validators.ifModifiedSince(m)).isNull();
    assertThat(Validators.any(m)).isFalse();
  }

  @Test
  void lastModifiedAt_readsTheDate() {
    assertThat(Validators.lastModifiedAt(DATE, stored()))
        .isEqualTo(Instant.parse("1994-11-15T12:45:26Z"));
  }
}
