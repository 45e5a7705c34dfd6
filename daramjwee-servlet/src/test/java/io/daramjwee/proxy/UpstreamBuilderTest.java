package io.daramjwee.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.http.Headers;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad setting fails at once, naming itself and its value; good ones build. */
class UpstreamBuilderTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "//cdn.example/x     | origin must have a scheme (http or https): //cdn.example/x",
      "/relative           | origin must have a scheme (http or https): /relative",
      "ftp://cdn.example   | origin scheme must be http or https: ftp://cdn.example",
      "mailto:ops@cdn.test | origin scheme must be http or https: mailto:ops@cdn.test",
      "http:///x           | origin must name a host: http:///x",
      "http://under_score  | origin must name a host: http://under_score",
      "http://cdn.test/?v  | origin must not have a query or a fragment: http://cdn.test/?v",
      "http://cdn.test/#t  | origin must not have a query or a fragment: http://cdn.test/#t",
      "http://ops:pw@cdn.test | origin must not carry user information: http://***@cdn.test"})
  void builder_badOrigin_rejectedNamingIt(String origin, String message) {
    assertThatThrownBy(() -> Upstream.builder(URI.create(origin)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("connectTimeout zero", b -> b.connectTimeout(Duration.ZERO),
            "connectTimeout must be positive: PT0S"),
        bad("connectTimeout negative", b -> b.connectTimeout(Duration.ofSeconds(-1)),
            "connectTimeout must be positive: PT-1S"),
        bad("responseTimeout zero", b -> b.responseTimeout(Duration.ZERO),
            "responseTimeout must be positive: PT0S"),
        bad("responseTimeout negative", b -> b.responseTimeout(Duration.ofMillis(-5)),
            "responseTimeout must be positive: PT-0.005S"),
        bad("maxConnections zero", b -> b.maxConnections(0), "maxConnections must be positive: 0"),
        bad("maxConnections negative", b -> b.maxConnections(-3),
            "maxConnections must be positive: -3"),
        bad("userAgent blank", b -> b.userAgent(" "),
            "userAgent must be non-blank printable text: ' '"),
        bad("userAgent with a line break", b -> b.userAgent("a\r\nX-Evil: 1"),
            "userAgent must be non-blank printable text: 'a\r\nX-Evil: 1'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void builder_badSetting_rejectedNamingIt(String name, Consumer<Upstream.Builder> setting,
      String message) {
    Upstream.Builder builder = Upstream.builder(URI.create("http://cdn.example"));

    assertThatThrownBy(() -> setting.accept(builder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void builder_nulls_rejectedNamingTheSetting() {
    Upstream.Builder builder = Upstream.builder(URI.create("http://cdn.example"));

    assertThatThrownBy(() -> Upstream.builder(null)).hasMessage("origin");
    assertThatThrownBy(() -> builder.connectTimeout(null)).hasMessage("connectTimeout");
    assertThatThrownBy(() -> builder.responseTimeout(null)).hasMessage("responseTimeout");
    assertThatThrownBy(() -> builder.userAgent(null)).hasMessage("userAgent");
  }

  @ParameterizedTest
  @CsvSource({"http://cdn.example", "HTTPS://cdn.example:8443/base/", "http://127.0.0.1:1/a/b",
      "http://[::1]:8080"})
  void builder_goodOriginAndSettings_builds(String origin) throws IOException {
    try (Upstream upstream = Upstream.builder(URI.create(origin))
        .connectTimeout(Duration.ofNanos(1))
        .responseTimeout(Duration.ofDays(365_000_000))
        .maxConnections(1)
        .userAgent("shop-cache/1.0 (+ops@shop.example)")
        .build()) {
      assertThat(upstream).isNotNull();
    }
  }

  @Test
  void close_twice_isHarmless() throws IOException {
    Upstream upstream = Upstream.builder(URI.create("http://cdn.example")).build();

    upstream.close();
    upstream.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "''      | /x     | method must be an HTTP token: ''",
      "GE T    | /x     | method must be an HTTP token: 'GE T'",
      "GET     | x      | pathAndQuery must start with '/': 'x'",
      "GET     | ''     | pathAndQuery must start with '/': ''",
      "GET     | /a b   | pathAndQuery must not hold spaces or control characters: '/a b'"})
  void request_badValue_rejectedNamingIt(String method, String pathAndQuery, String message) {
    assertThatThrownBy(() -> request(method, pathAndQuery))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void request_lineBreakInPath_rejected() {
    assertThatThrownBy(() -> request("GET", "/a\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void request_nulls_rejectedNamingTheField() {
    Headers h = Headers.empty();
    assertThatThrownBy(() -> new UpstreamRequest(null, "/", h, "a", "http", "h"))
        .hasMessage("method");
    assertThatThrownBy(() -> new UpstreamRequest("GET", null, h, "a", "http", "h"))
        .hasMessage("pathAndQuery");
    assertThatThrownBy(() -> new UpstreamRequest("GET", "/", null, "a", "http", "h"))
        .hasMessage("headers");
    assertThatThrownBy(() -> new UpstreamRequest("GET", "/", h, null, "http", "h"))
        .hasMessage("clientAddress");
    assertThatThrownBy(() -> new UpstreamRequest("GET", "/", h, "a", null, "h"))
        .hasMessage("proto");
    assertThatThrownBy(() -> new UpstreamRequest("GET", "/", h, "a", "http", null))
        .hasMessage("host");
  }

  @ParameterizedTest
  @CsvSource({"500", "503", "200"})
  void exception_statusOtherThan502Or504_rejected(int status) {
    assertThatThrownBy(() -> new UpstreamException(status, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gatewayStatus must be 502 or 504: " + status);
  }

  private static UpstreamRequest request(String method, String pathAndQuery) {
    return new UpstreamRequest(method, pathAndQuery, Headers.empty(), "203.0.113.7", "http",
        "shop.example");
  }

  private static Arguments bad(String name, Consumer<Upstream.Builder> setting, String message) {
    return Arguments.of(name, setting, message);
  }
}
