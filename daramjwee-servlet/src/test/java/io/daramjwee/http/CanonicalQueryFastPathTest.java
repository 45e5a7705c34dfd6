package io.daramjwee.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path of {@link CacheKeys#canonicalQuery} (a query that is already canonical is
 * returned as it is) gives what the general path gives: every query is compared with the general
 * path's answer, which an exclude list of a name no query holds forces.
 */
class CanonicalQueryFastPathTest {

  private static final List<String> NONE = List.of();
  private static final List<String> FORCE_GENERAL = List.of("never-in-a-query");

  @ParameterizedTest
  @ValueSource(strings = {"r=1", "a=1&b=2", "a=2&a=1", "a&a=", "=x", "=", "a=~._-", "A=1&a=1",
      "a=1&b", "ab=1&a=2", "a=1&ab=2", "b=1&a=2", "a==b", "a=1&", "&a=1", "a=1&&b=2", "a=%41",
      "a=x+y", "a=%2f", "a b=1", "a=é", "x=1&x=0&y"})
  void knownQueries_sameAsTheGeneralPath(String raw) {
    assertThat(CacheKeys.canonicalQuery(raw, NONE, NONE))
        .isEqualTo(CacheKeys.canonicalQuery(raw, NONE, FORCE_GENERAL));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void randomQueries_sameAsTheGeneralPath_andTheFastPathIsTaken(long seed) {
    Random random = new Random(seed);
    String alphabet = "abA=&%2F+~.x";
    int fast = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder raw = new StringBuilder();
      int length = 1 + random.nextInt(10);
      for (int k = 0; k < length; k++) {
        raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String query = raw.toString();
      String general = CacheKeys.canonicalQuery(query, NONE, FORCE_GENERAL);
      assertThat(CacheKeys.canonicalQuery(query, NONE, NONE)).as(query).isEqualTo(general);
      if (CacheKeys.isCanonical(query)) {
        fast++;
        assertThat(general).as(query).isEqualTo(query);
      }
    }
    assertThat(fast).isGreaterThan(100);
  }
}
