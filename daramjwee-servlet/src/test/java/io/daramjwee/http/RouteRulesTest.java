package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteRulesTest {

  private static final Duration MINUS_ONE = Duration.ofSeconds(-1);

  @Test
  void builder_defaults() {
    RouteRules r = RouteRules.builder("products").build();
    assertThat(r.routeId()).isEqualTo("products");
    assertThat(r.freshFor()).isEqualTo(Duration.ofSeconds(60));
    assertThat(r.staleFor()).isZero();
    assertThat(r.staleIfError()).isZero();
    assertThat(r.negativeFreshFor()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.vary()).isEmpty();
    assertThat(r.queryInclude()).isEmpty();
    assertThat(r.queryExclude()).isEmpty();
    assertThat(r.allowAuthorization()).isFalse();
    assertThat(r.maxObjectSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(r.respectCacheControl()).isTrue();
    assertThat(r.storableStatuses()).containsExactlyInAnyOrder(200, 203, 204, 300, 301, 308, 404,
        410);
    assertThat(r.tags()).isEmpty();
  }

  @Test
  void toBuilder_keepsEverySetting() {
    RouteRules r = RouteRules.builder("r").freshFor(Duration.ofSeconds(1))
        .staleFor(Duration.ofSeconds(2)).staleIfError(Duration.ofSeconds(3))
        .negativeFreshFor(Duration.ofSeconds(4)).vary("Accept", "Accept-Language")
        .queryExclude(Set.of("utm_source")).allowAuthorization(true).maxObjectSize(5)
        .respectCacheControl(false).storableStatuses(Set.of(200)).tags("article:{id}").build();
    assertThat(r.toBuilder().build()).isEqualTo(r);
  }

  @Test
  void vary_duplicatesIgnoringCase_collapseToFirst() {
    RouteRules r = RouteRules.builder("r").vary("Accept", "accept", "X-Tenant").build();
    assertThat(r.vary()).containsExactly("Accept", "X-Tenant");
  }

  @Test
  void tags_duplicatesCollapseToFirst_andParseAsTemplates() {
    RouteRules r = RouteRules.builder("r").tags("article:{id}", "home", "article:{id}").build();
    assertThat(r.tags()).containsExactly("article:{id}", "home");
    assertThat(r.tagTemplates()).extracting(TagTemplate::variableNames)
        .containsExactly(List.of("id"), List.of());
  }

  @Test
  void settings_areCopied() {
    Set<String> include = new HashSet<>(Set.of("page"));
    RouteRules r = RouteRules.builder("r").queryInclude(include).build();
    include.add("sort");
    assertThat(r.queryInclude()).containsExactly("page");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        bad("routeId must not be blank: ' '", b -> RouteRules.builder(" ")),
        bad("freshFor must not be negative: PT-1S", b -> b.freshFor(MINUS_ONE)),
        bad("staleFor must not be negative: PT-1S", b -> b.staleFor(MINUS_ONE)),
        bad("staleIfError must not be negative: PT-1S", b -> b.staleIfError(MINUS_ONE)),
        bad("negativeFreshFor must not be negative: PT-1S", b -> b.negativeFreshFor(MINUS_ONE)),
        bad("vary must hold header names: 'Accept Language'", b -> b.vary("Accept Language")),
        bad("vary must hold header names: ''", b -> b.vary("")),
        bad("vary must hold header names: 'a,b'", b -> b.vary("a,b")),
        bad("queryInclude must not hold an empty name: []", b -> b.queryInclude(Set.of(""))),
        bad("queryInclude and queryExclude must not both be set: [a] and [b]",
            b -> b.queryInclude(Set.of("a")).queryExclude(Set.of("b"))),
        bad("maxObjectSize must be positive: 0", b -> b.maxObjectSize(0)),
        bad("maxObjectSize must be positive: -5", b -> b.maxObjectSize(-5)),
        bad("storableStatuses must not be empty", b -> b.storableStatuses(Set.of())),
        bad("storableStatuses must hold three-digit codes: 99",
            b -> b.storableStatuses(Set.of(200, 99))),
        bad("storableStatuses must hold three-digit codes: null",
            b -> b.storableStatuses(new HashSet<>(Arrays.asList(200, null)))),
        bad("tag template 'article:{id' has an unclosed '{'", b -> b.tags("article:{id")),
        bad("tag template 'article:{}' has an empty variable name", b -> b.tags("article:{}")),
        bad("tag template must not be empty", b -> b.tags("")),
        bad("tags must hold at most 64 templates: 65", b -> b.tags(IntStream.range(0, 65)
            .mapToObj(i -> "t" + i).toList())));
  }

  private static Arguments bad(String message, UnaryOperator<RouteRules.Builder> change) {
    return Arguments.of(message, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void build_invalidSetting_failsNamingIt(String message,
      UnaryOperator<RouteRules.Builder> change) {
    RouteRules.Builder b = change.apply(RouteRules.builder("r"));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void build_nullDuration_failsNamingIt() {
    assertThatThrownBy(() -> RouteRules.builder("r").freshFor(null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("freshFor");
  }

  @Test
  void vary_isUnmodifiable() {
    List<String> vary = RouteRules.builder("r").vary("Accept").build().vary();
    assertThatThrownBy(() -> vary.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
