package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpDateParserTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // RFC 9110 §5.6.7's three examples, all the same instant
      "Sun, 06 Nov 1994 08:49:37 GMT     | 1994-11-06T08:49:37Z",
      "Sunday, 06-Nov-94 08:49:37 GMT    | 1994-11-06T08:49:37Z",
      "Sun Nov  6 08:49:37 1994          | 1994-11-06T08:49:37Z",
      "Sat, 21 Nov 2026 10:00:00 GMT     | 2026-11-21T10:00:00Z",
      "Thu Nov 12 08:49:37 2026          | 2026-11-12T08:49:37Z",
      // two-digit years: more than 50 years ahead means the past century
      "Wednesday, 01-Jan-76 00:00:00 GMT | 2076-01-01T00:00:00Z",
      "Saturday, 01-Jan-77 00:00:00 GMT  | 1977-01-01T00:00:00Z",
      "Saturday, 01-Jan-00 00:00:00 GMT  | 2000-01-01T00:00:00Z",
      // a day name contradicting the date is tolerated (redundant); invalid: wrong zone, bad day, bad month, out of range, junk
      "Sun, 06 Nov 1994 08:49:37 UTC     | NULL",
      "Mon, 06 Nov 1994 08:49:37 GMT     | 1994-11-06T08:49:37Z",
      "Mo, 06 Nov 1994 08:49:37 GMT      | NULL",
      "Sun, 6 Nov 1994 08:49:37 GMT      | NULL",
      "Sun, 06 Nox 1994 08:49:37 GMT     | NULL",
      "Sun, 31 Feb 1994 08:49:37 GMT     | NULL",
      "Sun, 06 Nov 1994 25:49:37 GMT     | NULL",
      // RFC 9110 §5.6.7 makes them case-sensitive; a recipient may be lenient (issue 15)
      "sun, 06 nov 1994 08:49:37 gmt     | 1994-11-06T08:49:37Z",
      "SUN, 06 NOV 1994 08:49:37 GMT     | 1994-11-06T08:49:37Z",
      "Sun, 06 nOv 1994 08:49:37 Gmt     | 1994-11-06T08:49:37Z",
      "SUNDAY, 06-nov-94 08:49:37 gmt    | 1994-11-06T08:49:37Z",
      "sun NOV  6 08:49:37 1994          | 1994-11-06T08:49:37Z",
      "sun, 06 nox 1994 08:49:37 gmt     | NULL",
      "sun, 06 nov 1994 08:49:37 utc     | NULL",
      "1994-11-06T08:49:37Z              | NULL",
      "0                                 | NULL",
      "''                                | NULL",
      "NULL                              | NULL",
  })
  void parse_table(String value, String expected) {
    assertThat(HttpDateParser.parse(value, NOW))
        .isEqualTo(expected == null ? null : Instant.parse(expected));
  }
}
