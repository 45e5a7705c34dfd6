package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheControlTest {

  private static final Duration MAX = Duration.ofSeconds(2_147_483_648L);

  static Stream<Arguments> flags() {
    return Stream.of(
        flag("no-store", CacheControl::noStore),
        flag("NO-STORE", CacheControl::noStore),
        flag("no-cache", CacheControl::noCache),
        flag("no-cache=\"Set-Cookie\"", CacheControl::noCache),
        flag("private", CacheControl::isPrivate),
        flag("Private=\"Set-Cookie, X-Foo\"", CacheControl::isPrivate),
        flag("public", CacheControl::isPublic),
        flag("must-revalidate", CacheControl::mustRevalidate),
        flag("proxy-revalidate", CacheControl::proxyRevalidate),
        flag("no-transform", CacheControl::noTransform),
        flag("only-if-cached", CacheControl::onlyIfCached),
        flag("max-age=5, \t no-store ,", CacheControl::noStore),
        flag("private=\"a,b\", no-store", CacheControl::noStore),
        flag(",,, no-store", CacheControl::noStore));
  }

  private static Arguments flag(String value, Function<CacheControl, Boolean> get) {
    return Arguments.of(value, get);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flags")
  void parse_flagDirective_isSetAndEmptyIsNot(String value, Function<CacheControl, Boolean> get) {
    assertThat(get.apply(CacheControl.parse(List.of(value)))).isTrue();
    assertThat(get.apply(CacheControl.parse(List.of("x-other")))).isFalse();
  }

  static Stream<Arguments> durations() {
    Function<CacheControl, Duration> maxAge = CacheControl::maxAge;
    Function<CacheControl, Duration> sMaxAge = CacheControl::sMaxAge;
    Function<CacheControl, Duration> swr = CacheControl::staleWhileRevalidate;
    Function<CacheControl, Duration> sie = CacheControl::staleIfError;
    return Stream.of(
        Arguments.of("plain", List.of("max-age=60"), maxAge, secs(60)),
        Arguments.of("upper case name", List.of("Max-Age=60"), maxAge, secs(60)),
        Arguments.of("spaces around =", List.of("max-age = 60"), maxAge, secs(60)),
        Arguments.of("quoted", List.of("max-age=\"60\""), maxAge, secs(60)),
        Arguments.of("zero", List.of("max-age=0"), maxAge, secs(0)),
        Arguments.of("leading zeros", List.of("max-age=007"), maxAge, secs(7)),
        Arguments.of("absent", List.of("public"), maxAge, null),
        // RFC 9111 §1.2.2: not delta-seconds, so ignored as if absent (issue 15: not zero)
        Arguments.of("negative is ignored", List.of("max-age=-1"), maxAge, null),
        Arguments.of("fraction is ignored", List.of("max-age=1.5"), maxAge, null),
        Arguments.of("word is ignored", List.of("max-age=soon"), maxAge, null),
        Arguments.of("no argument is ignored", List.of("max-age"), maxAge, null),
        Arguments.of("empty argument is ignored", List.of("max-age="), maxAge, null),
        Arguments.of("an ignored first occurrence still wins", List.of("max-age=x, max-age=5"),
            maxAge, null),
        Arguments.of("2^31 kept", List.of("max-age=2147483648"), maxAge, MAX),
        Arguments.of("huge saturates", List.of("max-age=99999999999999999999999"), maxAge, MAX),
        Arguments.of("first occurrence wins", List.of("max-age=10, max-age=20"), maxAge, secs(10)),
        Arguments.of("first across fields", List.of("max-age=10", "max-age=20"), maxAge, secs(10)),
        Arguments.of("second field", List.of("public", "max-age=20"), maxAge, secs(20)),
        Arguments.of("s-maxage", List.of("max-age=1, s-maxage=30"), sMaxAge, secs(30)),
        Arguments.of("invalid s-maxage is ignored", List.of("s-maxage=abc"), sMaxAge, null),
        Arguments.of("invalid s-maxage leaves max-age", List.of("s-maxage=abc, max-age=9"),
            maxAge, secs(9)),
        Arguments.of("swr", List.of("stale-while-revalidate=15"), swr, secs(15)),
        Arguments.of("invalid swr is absent", List.of("stale-while-revalidate=x"), swr, null),
        Arguments.of("swr without argument is absent", List.of("stale-while-revalidate"), swr,
            null),
        Arguments.of("sie", List.of("stale-if-error=300"), sie, secs(300)),
        Arguments.of("negative sie is absent", List.of("stale-if-error=-3"), sie, null),
        Arguments.of("huge sie saturates", List.of("stale-if-error=1" + "0".repeat(30)), sie, MAX),
        Arguments.of("max-age after quoted comma", List.of("private=\"a, max-age=9\", max-age=3"),
            maxAge, secs(3)),
        Arguments.of("garbage before comma skipped", List.of("max-age=5 junk, s-maxage=4"),
            sMaxAge, secs(4)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("durations")
  void parse_deltaSeconds(String name, List<String> values, Function<CacheControl, Duration> get,
      Duration expected) {
    assertThat(get.apply(CacheControl.parse(values))).isEqualTo(expected);
  }

  static Stream<Arguments> extensions() {
    return Stream.of(
        Arguments.of("community=\"UCI\"", map("community", "UCI")),
        Arguments.of("x-a, X-B=1", map("x-a", null, "x-b", "1")),
        Arguments.of("x-q=\"a\\\"b\\\\c\"", map("x-q", "a\"b\\c")),
        Arguments.of("x-open=\"unterminated, no-store", map("x-open", "unterminated, no-store")),
        Arguments.of("no-store, max-age=1, x-a=2, x-a=3", map("x-a", "2")),
        Arguments.of("=5, x-b", map("x-b", null)),
        Arguments.of("", map()));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("extensions")
  void parse_unknownDirectives_keptAsExtensions(String value, Map<String, String> expected) {
    assertThat(CacheControl.parse(List.of(value)).extensions()).isEqualTo(expected);
  }

  static Stream<Arguments> targeted() {
    return Stream.of(
        Arguments.of("a Cache-Control-like list", List.of("max-age=60, must-revalidate"),
            "max-age=60, must-revalidate"),
        Arguments.of("repeated fields combine", List.of("max-age=60", "no-store"),
            "no-store, max-age=60"),
        Arguments.of("parameters are dropped", List.of("max-age=60;a=1;b, private;x"),
            "private, max-age=60"),
        Arguments.of("a quoted value with a parameter", List.of("max-age=\"60\";a=1"),
            "max-age=60"),
        Arguments.of("?1 is the bare directive", List.of("no-store=?1"), "no-store"),
        Arguments.of("?0 is no directive", List.of("no-store=?0, max-age=5"), "max-age=5"),
        Arguments.of("upper case keys are read", List.of("Max-Age=7"), "max-age=7"),
        Arguments.of("junk members are skipped", List.of("@@, max-age=3"), "max-age=3"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("targeted")
  void parseTargeted_readsADictionaryLeniently_likeCacheControl(String why, List<String> values,
      String sameAsCacheControl) {
    assertThat(CacheControl.parseTargeted(values))
        .isEqualTo(CacheControl.parse(List.of(sameAsCacheControl)));
  }

  @Test
  void parseTargeted_withoutAnyDirective_isNull_soTheCacheFallsBack() {
    // RFC 9213 §2.1: an empty or unparseable targeted field is ignored.
    assertThat(CacheControl.parseTargeted(List.of())).isNull();
    assertThat(CacheControl.parseTargeted(List.of(""))).isNull();
    assertThat(CacheControl.parseTargeted(Arrays.asList(" , ", null))).isNull();
    assertThat(CacheControl.parseTargeted(List.of("@@, =5"))).isNull();
  }

  @Test
  void parseTargeted_onlyFalseMembers_isValidAndEmpty() {
    assertThat(CacheControl.parseTargeted(List.of("no-store=?0")))
        .isEqualTo(CacheControl.none());
  }

  @Test
  void parse_nothing_isNone() {
    assertThat(CacheControl.parse(List.of())).isEqualTo(CacheControl.none());
    assertThat(CacheControl.parse(Arrays.asList(" , ", null))).isEqualTo(CacheControl.none());
  }

  @Test
  void parse_fullResponse_readsEveryDirective() {
    CacheControl cc = CacheControl.parse(List.of(
        "public, max-age=60, s-maxage=120", "stale-while-revalidate=30, stale-if-error=600"));
    assertThat(cc).isEqualTo(new CacheControl(false, false, false, true, false, false, false,
        false, secs(60), secs(120), secs(30), secs(600), Map.of()));
  }

  private static Duration secs(long s) {
    return Duration.ofSeconds(s);
  }

  private static Map<String, String> map(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
