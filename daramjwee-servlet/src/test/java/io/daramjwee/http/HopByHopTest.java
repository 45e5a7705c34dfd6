package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HopByHopTest {

  static Stream<Arguments> names() {
    List<String> none = List.of();
    return Stream.of(
        Arguments.of("Connection", none, true),
        Arguments.of("Keep-Alive", none, true),
        Arguments.of("Proxy-Connection", none, true),
        Arguments.of("TE", none, true),
        Arguments.of("Trailer", none, true),
        Arguments.of("Transfer-Encoding", none, true),
        Arguments.of("transfer-encoding", none, true),
        Arguments.of("Upgrade", none, true),
        Arguments.of("Proxy-Authenticate", none, true),
        Arguments.of("PROXY-AUTHORIZATION", none, true),
        Arguments.of("Content-Type", none, false),
        Arguments.of("Content-Length", none, false),
        Arguments.of("Authorization", none, false),
        Arguments.of("Trailers", none, false),
        Arguments.of("X-Secret", List.of("X-Secret"), true),
        Arguments.of("x-secret", List.of("close, X-SECRET "), true),
        Arguments.of("X-Secret", List.of("close", "x-other,x-secret"), true),
        Arguments.of("X-Secret", List.of("close, x-secretive"), false),
        Arguments.of("Cache-Control", List.of("keep-alive"), false));
  }

  @ParameterizedTest(name = "{0} with Connection {1}: {2}")
  @MethodSource("names")
  void isHopByHop(String name, List<String> connection, boolean expected) {
    assertThat(HopByHop.isHopByHop(name, connection)).isEqualTo(expected);
  }

  @Test
  void strip_dropsFixedAndConnectionNamedFieldsKeepingOrder() {
    Headers in = Headers.of(
        "Content-Type", "text/html",
        "Connection", "keep-alive, X-Hop",
        "Keep-Alive", "timeout=5",
        "X-Hop", "1",
        "ETag", "\"a\"",
        "connection", "x-hop2",
        "X-HOP2", "2",
        "Transfer-Encoding", "chunked",
        "Set-Cookie", "a=1",
        "Set-Cookie", "b=2");
    assertThat(HopByHop.strip(in)).isEqualTo(Headers.of(
        "Content-Type", "text/html",
        "ETag", "\"a\"",
        "Set-Cookie", "a=1",
        "Set-Cookie", "b=2"));
  }

  @Test
  void strip_nothingToStrip_keepsEverything() {
    Headers in = Headers.of("A", "1", "B", "2");
    assertThat(HopByHop.strip(in)).isEqualTo(in);
    assertThat(HopByHop.strip(Headers.empty())).isEqualTo(Headers.empty());
  }
}
