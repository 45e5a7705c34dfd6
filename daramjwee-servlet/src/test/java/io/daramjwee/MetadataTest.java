package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void encodeDecode_roundTripsExactly_forRandomMetadata() throws Exception {
    Random random = new Random(20261121);
    for (int i = 0; i < 2_000; i++) {
      Metadata m = random(random);
      assertThat(Metadata.decode(m.encode())).as("seed 20261121, case %d", i).isEqualTo(m);
    }
  }

  @Test
  void encodeDecode_keepsAttributeOrder() throws Exception {
    Metadata m = Metadata.builder().attribute("z", "1").attribute("a", "2").build();
    assertThat(Metadata.decode(m.encode()).attributes().keySet()).containsExactly("z", "a");
  }

  @Test
  void decode_truncatedAtEveryLength_isCorrupt() {
    byte[] full = Metadata.builder().cacheTag("\"abc\"").negative(true)
        .freshFor(Duration.ofSeconds(5)).staleFor(Duration.ofMillis(1))
        .staleIfError(Duration.ofHours(1)).attribute("status", "200").build().encode();
    for (int n = 0; n < full.length; n++) {
      byte[] cut = Arrays.copyOf(full, n);
      assertThatThrownBy(() -> Metadata.decode(cut)).as("length %d", n)
          .isInstanceOf(CorruptEntryException.class);
    }
  }

  @Test
  void decode_unknownVersionFlagsOrTrailingBytes_isCorrupt() {
    byte[] good = Metadata.ofTag("t").encode();
    byte[] version = good.clone();
    version[0] = 9;
    assertThatThrownBy(() -> Metadata.decode(version)).hasMessage("unknown metadata version 9");
    byte[] flags = good.clone();
    flags[1] |= (byte) 0x80;
    assertThatThrownBy(() -> Metadata.decode(flags)).hasMessageContaining("unknown metadata flags");
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> Metadata.decode(trailing)).hasMessageContaining("trailing");
  }

  @Test
  void builder_rejectsNegativeDurationsAndNullAttributes() {
    assertThatThrownBy(() -> Metadata.builder().freshFor(Duration.ofSeconds(-2)))
        .hasMessage("freshFor must not be negative: PT-2S");
    assertThatThrownBy(() -> Metadata.builder().attribute("a", null))
        .hasMessage("value of attribute a");
  }

  @Test
  void withCachedAt_changesOnlyCachedAt() {
    Metadata m = Metadata.builder().cacheTag("t").attribute("k", "v").build();
    Instant t = Instant.parse("2026-11-21T10:00:00.123456789Z");
    Metadata stamped = m.withCachedAt(t);
    assertThat(stamped.cachedAt()).isEqualTo(t);
    assertThat(stamped.toBuilder().cachedAt(Instant.EPOCH).build()).isEqualTo(m);
  }

  private static Metadata random(Random r) {
    Metadata.Builder b = Metadata.builder()
        .cachedAt(Instant.ofEpochSecond(r.nextInt() & 0x7fffffffL, r.nextInt(1_000_000_000)))
        .negative(r.nextBoolean());
    if (r.nextBoolean()) {
      b.cacheTag(text(r));
    }
    if (r.nextBoolean()) {
      b.freshFor(Duration.ofSeconds(r.nextInt(1 << 20), r.nextInt(1_000_000_000)));
    }
    if (r.nextBoolean()) {
      b.staleFor(Duration.ofNanos(r.nextLong() & Long.MAX_VALUE));
    }
    if (r.nextBoolean()) {
      b.staleIfError(Duration.ofDays(r.nextInt(10_000)));
    }
    for (int i = r.nextInt(6); i > 0; i--) {
      b.attribute(text(r), text(r));
    }
    return b.build();
  }

  /** Valid Unicode text (no lone surrogates: those are not text and UTF-8 cannot carry them). */
  private static String text(Random r) {
    StringBuilder s = new StringBuilder();
    for (int i = r.nextInt(12); i > 0; i--) {
      int cp = switch (r.nextInt(4)) {
        case 0 -> 'a' + r.nextInt(26);
        case 1 -> r.nextInt(0x80);
        case 2 -> 0xAC00 + r.nextInt(11172);
        default -> 0x1F400 + r.nextInt(0x100);
      };
      s.appendCodePoint(cp);
    }
    return s.toString();
  }
}
