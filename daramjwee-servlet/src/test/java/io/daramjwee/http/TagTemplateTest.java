package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagTemplateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "article:{id}|article:42",
      "{shop}/{id}|north/42",
      "home|home",
      "{id}|42",
      "a{id}b{shop}c|a42bnorthc",
  })
  void fill_replacesEachVariable(String template, String tag) {
    assertThat(TagTemplate.parse(template).fill(Map.of("id", "42", "shop", "north")::get))
        .isEqualTo(tag);
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "a b|article:a%20b",
      "café|article:caf%C3%A9",
      "100%|article:100%25",
      "tab\there|article:tab%09here",
      "한글|article:%ED%95%9C%EA%B8%80",
      "~!{}[]|article:~!{}[]",
  })
  void fill_percentEncodesWhatIsNotATagCharacter(String value, String tag) {
    String filled = TagTemplate.parse("article:{id}").fill(Map.of("id", value)::get);

    assertThat(filled).isEqualTo(tag);
    assertThat(EntryTags.isTag(filled)).isTrue();
  }

  @Test
  void fill_withoutAValue_isNull() {
    TagTemplate template = TagTemplate.parse("user:{user}:{id}");

    assertThat(template.fill(Map.of("id", "1")::get)).isNull();
    assertThat(template.fill(Map.of("id", "1", "user", "")::get)).isNull();
  }

  @Test
  void variableNames_areInOrder() {
    assertThat(TagTemplate.parse("{a}-{b}-{a}").variableNames()).containsExactly("a", "b", "a");
  }

  @ParameterizedTest(name = "''{0}'': {1}")
  @CsvSource(delimiter = '|', value = {
      "article:{id|has an unclosed '{'",
      "article:{}|has an empty variable name",
      "article:id}|has a '}' that closes no '{'",
      "article:{a{b}|has a variable name that is not visible ASCII: 'a{b'",
      "article:{a b}|has a variable name that is not visible ASCII: 'a b'",
      "my article:{id}|must be visible ASCII without spaces outside its variables",
      "caf\u00e9:{id}|must be visible ASCII without spaces outside its variables",
  })
  void parse_malformed_failsNamingTheTemplate(String template, String why) {
    assertThatThrownBy(() -> TagTemplate.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag template '" + template + "' " + why);
  }

  @Test
  void parse_empty_fails() {
    assertThatThrownBy(() -> TagTemplate.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag template must not be empty");
  }
}
