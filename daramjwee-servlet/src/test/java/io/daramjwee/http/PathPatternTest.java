package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPatternTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "/articles/**, /articles, true",
      "/articles/**, /articles/, true",
      "/articles/**, /articles/1, true",
      "/articles/**, /articles/1/comments, true",
      "/articles/**, /articlesX, false",
      "/articles/**, /other/articles/1, false",
      "/a/*/c, /a/b/c, true",
      "/a/*/c, /a//c, true",
      "/a/*/c, /a/b/x/c, false",
      "/a/*.json, /a/report.json, true",
      "/a/*.json, /a/report.xml, false",
      "/x/{id}, /x/42, true",
      "/x/{id}, /x/, false",
      "/x/{id}, /x/42/y, false",
      "/file?.txt, /file1.txt, true",
      "/file?.txt, /file12.txt, false",
      "/**/b, /b, true",
      "/**/b, /a/x/b, true",
      "/**, /, true",
      "/**, /anything/at/all, true",
      "/time, /time, true",
      "/time, /time/, false",
      "/a.b, /aXb, false",
      "/Case, /case, false",
  })
  void matches(String pattern, String path, boolean expected) {
    assertThat(PathPattern.compile(pattern).matches(path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} leaves {2} of {1}")
  @CsvSource({
      "/proxy/**, /proxy/a/b, /a/b",
      "/proxy/**, /proxy, /",
      "/proxy/**, /proxy/, /",
      "/a/*/**, /a/b/c, /a/b/c",
      "/exact, /exact, /exact",
  })
  void remainder(String pattern, String path, String expected) {
    assertThat(PathPattern.compile(pattern).remainder(path)).isEqualTo(expected);
  }

  @Test
  void variables_ofAMatchingPath_areTheCapturedSegments() {
    PathPattern p = PathPattern.compile("/shops/{shop}/items/{id:\\d+}.json");

    assertThat(p.variables("/shops/north/items/42.json"))
        .containsExactly(entry("shop", "north"), entry("id", "42"));
    assertThat(p.variables("/shops/north/items")).isNull();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({"/articles/**, /articles/1", "/exact, /exact", "/a/*/c, /a/b/c"})
  void variables_ofAPatternWithout_areEmptyWhenItMatches(String pattern, String path) {
    assertThat(PathPattern.compile(pattern).variables(path)).isEmpty();
    assertThat(PathPattern.compile(pattern).variables("/nowhere/else")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"articles/**", "", "/a/**b", "/a/{id"})
  void compile_badPattern_failsNamingIt(String pattern) {
    assertThatThrownBy(() -> PathPattern.compile(pattern))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + pattern + "'");
  }
}
