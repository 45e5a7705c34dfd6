package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryTtlTest {

  // Default TTL 1 h, maximum 1 day.
  private static final EntryTtl TTL = new EntryTtl(Duration.ofHours(1), Duration.ofDays(1));

  @ParameterizedTest(name = "[{index}] fresh={0} stale={1} sie={2} -> {3} s")
  @CsvSource(nullValues = "NULL", value = {
      // every part given: as long as the cache could still serve the entry
      "60,     30,   300,  360",
      "60,     0,    0,    60",
      "1,      0,    0,    1",
      "0,      30,   0,    30",
      // a part left to the cache's defaults: at least the default TTL
      "NULL,   0,    0,    3600",
      "60,     NULL, 0,    3600",
      "60,     0,    NULL, 3600",
      "7200,   NULL, 0,    7200",
      // no lifetime at all: kept to be revalidated (a no-cache or max-age=0 entry with a
      // validator), not dropped after a second
      "0,      0,    0,    3600",
      // never above the maximum
      "172800, 0,    0,    86400",
  })
  void millis(Long fresh, Long stale, Long staleIfError, long expectedSeconds) {
    Metadata m = Metadata.builder().freshFor(seconds(fresh)).staleFor(seconds(stale))
        .staleIfError(seconds(staleIfError)).build();

    assertThat(TTL.millis(m)).isEqualTo(Duration.ofSeconds(expectedSeconds).toMillis());
  }

  @ParameterizedTest
  @CsvSource({"100, 1", "999, 1", "1500, 1.5"})
  void millis_underASecond_isASecond(long freshMillis, double expectedSeconds) {
    Metadata m = Metadata.builder().freshFor(Duration.ofMillis(freshMillis))
        .staleFor(Duration.ZERO).staleIfError(Duration.ZERO).build();

    assertThat(TTL.millis(m)).isEqualTo((long) (expectedSeconds * 1000));
  }

  private static Duration seconds(Long s) {
    return s == null ? null : Duration.ofSeconds(s);
  }
}
