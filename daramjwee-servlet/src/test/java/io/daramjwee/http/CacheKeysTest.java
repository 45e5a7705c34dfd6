package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CacheKeysTest {

  private static final List<String> NONE = List.of();

  private static String key(RequestHead r, List<String> vary) {
    return CacheKeys.key("route", r, vary, NONE, NONE, NONE);
  }

  private static RequestHead get(String path, String query, String... headers) {
    return RequestHead.get(path, query, Headers.of(headers));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL              | ''    | ''     | ''",
      "''                | ''    | ''     | ''",
      "b=2&a=1           | ''    | ''     | a=1&b=2",
      "a=2&a=1           | ''    | ''     | a=2&a=1",
      "b=1&a=2&b=0       | ''    | ''     | a=2&b=1&b=0",
      "a=%41&a=A         | ''    | ''     | a=A&a=A",
      "a=%7e             | ''    | ''     | a=~",
      "a=x+y             | ''    | ''     | a=x%20y",
      "a=x%20y           | ''    | ''     | a=x%20y",
      "a=%2f             | ''    | ''     | a=%2F",
      "a=%26b%3D1        | ''    | ''     | a=%26b%3D1",
      "a&a=              | ''    | ''     | a&a=",
      "a=&a              | ''    | ''     | a=&a",
      "a=1&&b=2&         | ''    | ''     | a=1&b=2",
      "a=%zz             | ''    | ''     | a=%25zz",
      "a=%E2%82%AC       | ''    | ''     | a=%E2%82%AC",
      "a=€               | ''    | ''     | a=%E2%82%AC",
      "a=1&b=2&c=3       | a;c   | ''     | a=1&c=3",
      "a=1&b=2&c=3       | ''    | b      | a=1&c=3",
      "a=1&b=2&c=3       | a;b   | b      | a=1",
      "utm_source=x&id=7 | ''    | utm_source | id=7",
      "a=%ff             | ''    | ''     | a=%FF",
      "a=%FF&a=%FE       | ''    | ''     | a=%FF&a=%FE",
      "a+b=1&c=2         | a b   | ''     | a%20b=1",
      "caf%C3%A9=1&x=2   | café  | ''     | caf%C3%A9=1",
      "x=%%41%4          | ''    | ''     | x=%25A%254",
  })
  void canonicalQuery_table(String raw, String include, String exclude, String expected) {
    assertThat(CacheKeys.canonicalQuery(raw, list(include), list(exclude))).isEqualTo(expected);
  }

  private static List<String> list(String semicolonSeparated) {
    return semicolonSeparated.isEmpty() ? NONE : List.of(semicolonSeparated.split(";"));
  }

  static Stream<Arguments> sameKey() {
    List<String> acceptLang = List.of("Accept-Language");
    return Stream.of(
        Arguments.of("query order", get("/p", "a=1&b=2"), get("/p", "b=2&a=1"), NONE),
        Arguments.of("percent case", get("/p", "a=%2f"), get("/p", "a=%2F"), NONE),
        Arguments.of("needless escape", get("/p", "a=%61"), get("/p", "a=a"), NONE),
        Arguments.of("unkeyed X-Forwarded-Host", get("/p", null),
            get("/p", null, "X-Forwarded-Host", "evil.example"), NONE),
        Arguments.of("unkeyed X-Original-URL", get("/p", null),
            get("/p", null, "X-Original-URL", "/admin"), NONE),
        Arguments.of("unkeyed X-HTTP-Method-Override", get("/p", null),
            get("/p", null, "X-HTTP-Method-Override", "DELETE"), NONE),
        Arguments.of("vary name case", get("/p", null, "accept-language", "de"),
            get("/p", null, "ACCEPT-LANGUAGE", "de"), acceptLang),
        Arguments.of("value whitespace", get("/p", null, "Accept-Language", "de,  en"),
            get("/p", null, "Accept-Language", " de,\ten "), acceptLang),
        Arguments.of("repeated field = list", get("/p", null, "Accept-Language", "de, en"),
            get("/p", null, "Accept-Language", "de", "Accept-Language", "en"), acceptLang),
        Arguments.of("method (HEAD served from GET)", get("/p", null),
            new RequestHead("HEAD", "/p", null, Headers.empty()), NONE));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void sameKey(String why, RequestHead a, RequestHead b, List<String> vary) {
    assertThat(key(a, vary)).isEqualTo(key(b, vary));
  }

  static Stream<Arguments> differentKey() {
    List<String> acceptLang = List.of("Accept-Language");
    return Stream.of(
        Arguments.of("path", get("/a", null), get("/b", null), NONE),
        Arguments.of("order of a repeated parameter", get("/p", "sort=a&sort=b"),
            get("/p", "sort=b&sort=a"), NONE),
        Arguments.of("'&' inside an encoded value", get("/p", "a=1%26b%3D2"),
            get("/p", "a=1&b=2"), NONE),
        Arguments.of("'=' inside an encoded name", get("/p", "a%3Db=c"), get("/p", "a=b%3Dc"),
            NONE),
        Arguments.of("invalid UTF-8 bytes that decode alike", get("/p", "a=%FF"),
            get("/p", "a=%FE"), NONE),
        Arguments.of("encoded '+' vs space", get("/p", "a=%2B"), get("/p", "a=+"), NONE),
        Arguments.of("no '=' vs empty value", get("/p", "a"), get("/p", "a="), NONE),
        Arguments.of("query in path vs query", get("/p?a=1", null), get("/p", "a=1"), NONE),
        Arguments.of("empty query vs path suffix", get("/p1:", null), get("/p", "1:"), NONE),
        Arguments.of("absent vs empty header", get("/p", null),
            get("/p", null, "Accept-Language", ""), acceptLang),
        Arguments.of("header value", get("/p", null, "Accept-Language", "de"),
            get("/p", null, "Accept-Language", "en"), acceptLang),
        Arguments.of("header value holding a key separator",
            get("/p", null, "Accept-Language", "1:x-", "X-B", "y"),
            get("/p", null, "Accept-Language", "1:x", "X-B", "-y"),
            List.of("Accept-Language", "X-B")),
        Arguments.of("value spilling into the next header",
            get("/p", null, "A", "v1:b=1:w"),
            get("/p", null, "A", "v", "B", "w"),
            List.of("A", "B")),
        Arguments.of("listed X-Forwarded-Host is keyed", get("/p", null),
            get("/p", null, "X-Forwarded-Host", "evil.example"), List.of("X-Forwarded-Host")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void differentKey(String why, RequestHead a, RequestHead b, List<String> vary) {
    assertThat(key(a, vary)).isNotEqualTo(key(b, vary));
  }

  @Test
  void key_routeIdsThatShareAPrefix_differ() {
    RequestHead r = get("/p", null);
    assertThat(CacheKeys.key("r1", r, NONE, NONE, NONE, NONE))
        .isNotEqualTo(CacheKeys.key("r", get("1/p", null), NONE, NONE, NONE, NONE));
  }

  @Test
  void key_storedVaryNames_areKeyedLikeRouteVary() {
    RequestHead de = get("/p", null, "Accept-Encoding", "gzip", "Accept-Language", "de");
    RequestHead en = get("/p", null, "Accept-Encoding", "gzip", "Accept-Language", "en");
    List<String> stored = List.of("accept-encoding, Accept-Language");
    assertThat(CacheKeys.key("r", de, NONE, stored, NONE, NONE))
        .isNotEqualTo(CacheKeys.key("r", en, NONE, stored, NONE, NONE))
        .isEqualTo(CacheKeys.key("r", de, List.of("Accept-Language", "Accept-Encoding"), NONE,
            NONE, NONE));
  }

  @Test
  void key_hasTheDocumentedShape() {
    RequestHead r = get("/foo", "b=x+y&a=1", "Accept", "*/*");
    assertThat(CacheKeys.key("route-a", r, List.of("Accept", "X-Tenant"), NONE, NONE, NONE))
        .isEqualTo("r7:route-ap4:/fooq11:a=1&b=x%20yh26:accept=3:*/*8:x-tenant-");
  }

  @Test
  void key_emptyRouteId_isRejectedNamingIt() {
    assertThatThrownBy(() -> CacheKeys.key("", get("/p", null), NONE, NONE, NONE, NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routeId");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"Authorization, Bearer s3cret-token", "Proxy-Authorization, Basic dXNlcjpzM2NyZXQ=",
      "Cookie, session=s3cret"})
  void aCredentialEntersTheKeyOnlyAsADigest_distinctPerValue_equalForEqualValues(String name,
      String value) {
    List<String> vary = List.of(name);
    String key = key(get("/p", null, name, value), vary);

    assertThat(key).doesNotContain(value).doesNotContain("s3cret")
        .contains("#64:"); // a SHA-256 in hex is 64 characters
    assertThat(key(get("/p", null, name, value), vary)).isEqualTo(key);
    assertThat(key(get("/p", null, name, "  " + value + " "), vary)).as("whitespace normalised")
        .isEqualTo(key);
    assertThat(key(get("/p", null, name, value + "x"), vary)).isNotEqualTo(key);
    assertThat(key(get("/p", null), vary)).as("absent").isNotEqualTo(key).doesNotContain("#");
  }

  @Test
  void otherHeaders_enterTheKeyAsTheyAre() {
    assertThat(key(get("/p", null, "Accept", "text/html"), List.of("Accept")))
        .contains("=9:text/html");
  }
}
