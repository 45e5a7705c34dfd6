package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

  /** Renders a decision as "200", "206 bytes a-b/n" or "416 bytes *&#47;n". */
  private static String render(ByteRange.Decision d) {
    if (d instanceof ByteRange.Partial p) {
      return "206 " + p.range().contentRange();
    }
    if (d instanceof ByteRange.Unsatisfiable u) {
      return "416 " + u.contentRange();
    }
    return Integer.toString(d.status());
  }

  @ParameterizedTest(name = "[{index}] Range: {0} of {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // RFC 9110 §14.1.2 examples over a 10000-byte representation
      "bytes=0-499          | 10000 | 206 bytes 0-499/10000",
      "bytes=500-999        | 10000 | 206 bytes 500-999/10000",
      "bytes=-500           | 10000 | 206 bytes 9500-9999/10000",
      "bytes=9500-          | 10000 | 206 bytes 9500-9999/10000",
      "bytes=0-0            | 10000 | 206 bytes 0-0/10000",
      "bytes=-1             | 10000 | 206 bytes 9999-9999/10000",
      // last-pos past the end is clamped; a suffix longer than the body is the whole body
      "bytes=0-99999        | 10000 | 206 bytes 0-9999/10000",
      "bytes=-20000         | 10000 | 206 bytes 0-9999/10000",
      "bytes=5-99999999999999999999999 | 10 | 206 bytes 5-9/10",
      // unit and whitespace leniency
      "BYTES=1-2            | 10    | 206 bytes 1-2/10",
      "bytes = 1-2          | 10    | 206 bytes 1-2/10",
      // unsatisfiable (§14.1.3): 416 with bytes */length
      "bytes=10000-         | 10000 | 416 bytes */10000",
      "bytes=10000-20000    | 10000 | 416 bytes */10000",
      "bytes=99999999999999999999- | 10 | 416 bytes */10",
      "bytes=-0             | 10000 | 416 bytes */10000",
      "bytes=0-             | 0     | 416 bytes */0",
      "bytes=-5             | 0     | 416 bytes */0",
      // ignored: serve 200
      "NULL                 | 10000 | 200",
      "bytes=0-1,5-6        | 10000 | 200",
      "bytes=0-1, 5-6       | 10000 | 200",
      "items=0-1            | 10000 | 200",
      "bytes=5-1            | 10000 | 200",
      "bytes=               | 10000 | 200",
      "bytes=-              | 10000 | 200",
      "bytes=a-b            | 10000 | 200",
      "bytes=+1-2           | 10000 | 200",
      "bytes=1--2           | 10000 | 200",
      "bytes=1              | 10000 | 200",
      "bytes 0-1            | 10000 | 200",
      "''                   | 10000 | 200",
  })
  void parse_table(String header, long length, String expected) {
    assertThat(render(ByteRange.parse(header, length))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "GET  | Range    | 206 bytes 0-1/10",
      "HEAD | Range    | 200",
      "POST | Range    | 200",
      "GET  | If-Range | 200",
      "GET  | Twice    | 200",
      "GET  | None     | 200",
  })
  void decide_table(String method, String headers, String expected) {
    Headers h = switch (headers) {
      case "Range" -> Headers.of("Range", "bytes=0-1");
      case "If-Range" -> Headers.of("Range", "bytes=0-1", "If-Range", "\"a\"");
      case "Twice" -> Headers.of("Range", "bytes=0-1", "range", "bytes=0-1");
      default -> Headers.empty();
    };
    assertThat(render(ByteRange.decide(new RequestHead(method, "/p", null, h), 10)))
        .isEqualTo(expected);
  }

  @Test
  void partial_lengthIsInclusive() {
    ByteRange r = ((ByteRange.Partial) ByteRange.parse("bytes=10-19", 100)).range();
    assertThat(r.length()).isEqualTo(10);
    assertThat(r.first()).isEqualTo(10);
    assertThat(r.last()).isEqualTo(19);
  }

  @ParameterizedTest
  @CsvSource({"-1, 0, 10", "5, 4, 10", "0, 10, 10"})
  void constructor_outOfOrder_isRejectedNamingTheRange(long first, long last, long length) {
    assertThatThrownBy(() -> new ByteRange(first, last, length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(first + "-" + last + "/" + length);
  }

  @Test
  void parse_negativeLength_isRejected() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-1", -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }
}
