package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.Metadata;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StoredResponseTest {

  static Stream<Arguments> heads() {
    Headers.Builder many = Headers.builder();
    IntStream.range(0, 10_050).forEach(i -> many.add("X-" + (i % 7), Integer.toString(i)));
    return Stream.of(
        Arguments.of("no headers", new ResponseHead(204, Headers.empty())),
        Arguments.of("plain", new ResponseHead(200,
            Headers.of("Content-Type", "text/html", "ETag", "\"v1\""))),
        Arguments.of("repeated names, mixed case, order", new ResponseHead(200,
            Headers.of("Link", "<a>", "content-type", "x", "LINK", "<b>", "Link", "<a>"))),
        Arguments.of("empty values", new ResponseHead(404, Headers.of("X-Empty", "", "A", ""))),
        Arguments.of("unicode", new ResponseHead(203,
            Headers.of("X-Name", "다람쥐 🐿", "X-Ünï", "ç\u0000\r\n"))),
        Arguments.of("name with dots", new ResponseHead(301, Headers.of("h.0001.x", "y.z"))),
        Arguments.of("more than 9999 fields", new ResponseHead(200, many.build())));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("heads")
  void decode_ofEncode_roundTripsExactly(String why, ResponseHead head) throws Exception {
    Metadata m = StoredResponse.encodeInto(Metadata.builder(), head, Map.of("route", "r1"))
        .build();
    ResponseHead back = StoredResponse.decode(Metadata.decode(m.encode()));
    assertThat(back.status()).isEqualTo(head.status());
    // Field.equals ignores name case, so compare the names verbatim too.
    assertThat(back.headers().fields()).containsExactlyElementsOf(head.headers().fields());
    assertThat(back.headers().fields().stream().map(Headers.Field::name).toList())
        .isEqualTo(head.headers().fields().stream().map(Headers.Field::name).toList());
  }

  @Test
  void encode_writesTheDocumentedAttributes() {
    Map<String, String> a = StoredResponse.encode(
        new ResponseHead(200, Headers.of("ETag", "\"x\"", "Vary", "Accept")), Map.of("k", "v"));
    assertThat(a).containsExactly(Map.entry("status", "200"), Map.entry("h.0000.ETag", "\"x\""),
        Map.entry("h.0001.Vary", "Accept"), Map.entry("k", "v"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"status", "h.", "h.0000.X"})
  void encode_reservedExtraName_isRejectedNamingIt(String name) {
    assertThatThrownBy(() -> StoredResponse.encode(new ResponseHead(200, Headers.empty()),
        Map.of(name, "v"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(Metadata.builder().build(), "status"),
        Arguments.of(Metadata.builder().attribute("status", "OK").build(), "OK"),
        Arguments.of(Metadata.builder().attribute("status", "200").attribute("h.x.Y", "1")
            .build(), "h.x.Y"),
        Arguments.of(Metadata.builder().attribute("status", "200").attribute("h.0001", "1")
            .build(), "h.0001"));
  }

  @ParameterizedTest
  @MethodSource
  void malformed(Metadata m, String named) {
    assertThatThrownBy(() -> StoredResponse.decode(m))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
  }

  static Stream<Arguments> validators() {
    return Stream.of(
        Arguments.of(Headers.of("etag", "\"a\"", "ETag", "\"b\""), null, "\"a\"", null),
        Arguments.of(Headers.of("Last-Modified", "Sat, 21 Nov 2026 10:00:00 GMT"), null, null,
            "Sat, 21 Nov 2026 10:00:00 GMT"),
        Arguments.of(Headers.empty(), "\"computed\"", "\"computed\"", null),
        Arguments.of(Headers.empty(), "W/\"weak\"", "W/\"weak\"", null),
        Arguments.of(Headers.empty(), "not-an-etag", null, null),
        Arguments.of(Headers.of("ETag", "\"origin\""), "\"computed\"", "\"origin\"", null),
        Arguments.of(Headers.of("X-ETag", "\"no\""), null, null, null));
  }

  @ParameterizedTest
  @MethodSource
  void validators(Headers headers, String cacheTag, String etag, String lastModified) {
    Metadata m = StoredResponse.encodeInto(Metadata.builder().cacheTag(cacheTag),
        new ResponseHead(200, headers), Map.of()).build();
    assertThat(StoredResponse.etag(m)).isEqualTo(etag);
    assertThat(StoredResponse.lastModified(m)).isEqualTo(lastModified);
  }
}
