package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

  private static final Headers H = Headers.of(
      "Content-Type", "text/plain",
      "Set-Cookie", "a=1",
      "X-Empty", "",
      "set-cookie", "b=2",
      "SET-COOKIE", "c=3");

  static Stream<Arguments> lookups() {
    return Stream.of(
        Arguments.of("content-type", "text/plain", List.of("text/plain")),
        Arguments.of("CONTENT-TYPE", "text/plain", List.of("text/plain")),
        Arguments.of("Set-Cookie", "a=1", List.of("a=1", "b=2", "c=3")),
        Arguments.of("x-empty", "", List.of("")),
        Arguments.of("Absent", null, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookups")
  void lookup_ignoresCaseAndKeepsOrder(String name, String first, List<String> all) {
    assertThat(H.first(name)).isEqualTo(first);
    assertThat(H.all(name)).isEqualTo(all);
    assertThat(H.contains(name)).isEqualTo(first != null);
  }

  @Test
  void fields_keepArrivalOrderAndNameCase() {
    assertThat(H.fields()).extracting(Headers.Field::name)
        .containsExactly("Content-Type", "Set-Cookie", "X-Empty", "set-cookie", "SET-COOKIE");
    assertThat(H.size()).isEqualTo(5);
  }

  @Test
  void filter_dropsEveryRepeatOfAName() {
    Headers kept = H.filter(n -> !n.equalsIgnoreCase("set-cookie"));
    assertThat(kept).isEqualTo(Headers.of("content-type", "text/plain", "X-Empty", ""));
  }

  @Test
  void of_oddArguments_fails() {
    assertThatThrownBy(() -> Headers.of("A", "1", "B"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 strings");
  }

  @Test
  void all_isUnmodifiable() {
    assertThatThrownBy(() -> H.all("set-cookie").add("d=4"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Surrogate-Key", "x!#$%&'*+.^_`|~1"})
  void isToken_acceptsRfc9110Tokens(String name) {
    assertThat(Headers.isToken(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a:b", "a,b", "k\u00e9", "tab\there"})
  void isToken_refusesAnythingElse(String name) {
    assertThat(Headers.isToken(name)).isFalse();
  }
}
