package io.daramjwee;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.testing.ForwardingStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DaramjweeBuilderTest {

  private final Store hot = EngineTestSupport.memory();

  @Test
  void build_withoutTiers_failsNamingTheSetting() {
    assertThatThrownBy(() -> DaramjweeCache.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tiers");
  }

  @Test
  void tiers_rejectsEmptyRepeatedAndNullStoreAsTierZero() {
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers())
        .hasMessage("at least one tier is required");
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(hot, hot))
        .hasMessageContaining("tier 1 repeats store");
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(NullStore.INSTANCE))
        .hasMessage("tier 0 must be a real store, not NullStore");
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(hot, null))
        .isInstanceOf(NullPointerException.class).hasMessage("tier 1");
  }

  @Test
  void storeThatRefusesTheHotTier_isRejectedAsTierZero_butAcceptedBelow() {
    Store copying = new ForwardingStore(EngineTestSupport.memory()) {
      @Override
      public String hotTierRefusal() {
        return "copy mode replaces entries non-atomically";
      }

      @Override
      public String toString() {
        return "CopyingStore";
      }
    };
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(copying, hot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CopyingStore cannot be tier 0: copy mode replaces entries non-atomically");
    DaramjweeCache.builder().tiers(hot, copying).build().close();
  }

  @Test
  void durations_mustNotBeNegative_andTheMessageNamesTheValue() {
    Duration minus = Duration.ofSeconds(-1);
    assertThatThrownBy(() -> DaramjweeCache.builder().freshness(minus, Duration.ZERO))
        .hasMessage("fresh must not be negative: PT-1S");
    assertThatThrownBy(() -> DaramjweeCache.builder().freshness(Duration.ZERO, minus))
        .hasMessage("negativeFresh must not be negative: PT-1S");
    assertThatThrownBy(() -> DaramjweeCache.builder().staleWindow(minus))
        .hasMessage("staleWindow must not be negative: PT-1S");
    assertThatThrownBy(() -> DaramjweeCache.builder().staleIfError(minus))
        .hasMessage("staleIfError must not be negative: PT-1S");
    assertThatThrownBy(() -> DaramjweeCache.builder().opTimeout(Duration.ZERO))
        .hasMessage("opTimeout must be positive: PT0S");
    assertThatThrownBy(() -> DaramjweeCache.builder().tierFreshness(-1, Duration.ZERO, Duration.ZERO))
        .hasMessage("tier must not be negative: -1");
  }

  @Test
  void worker_rejectsNonPositiveSettings() {
    Duration t = Duration.ofSeconds(1);
    assertThatThrownBy(() -> DaramjweeCache.builder().worker(0, 1, t))
        .hasMessage("worker threads must be at least 1: 0");
    assertThatThrownBy(() -> DaramjweeCache.builder().worker(1, 0, t))
        .hasMessage("worker queue size must be at least 1: 0");
    assertThatThrownBy(() -> DaramjweeCache.builder().worker(1, 1, Duration.ZERO))
        .hasMessage("jobTimeout must be positive: PT0S");
  }

  @Test
  void tierFreshness_forATierThatDoesNotExist_failsAtBuild() {
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(hot)
        .tierFreshness(2, Duration.ZERO, Duration.ZERO).build())
        .hasMessage("tierFreshness names tier 2 but there are 2 tiers");
  }

  @Test
  void tierNames_default_areTheTiersPositions() {
    try (DaramjweeCache cache = DaramjweeCache.builder().tiers(hot, EngineTestSupport.memory())
        .build()) {
      assertThat(cache.tierName(0)).isEqualTo("tier0");
      assertThat(cache.tierName(1)).isEqualTo("tier1");
      assertThatThrownBy(() -> cache.tierName(-1))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("tier must not be negative: -1");
    }
  }

  @Test
  void tierNames_nameEachTierGiven_inOrder() {
    try (DaramjweeCache cache = DaramjweeCache.builder().tierNames("hot", "cold.s3")
        .tiers(hot, EngineTestSupport.memory()).build()) {
      assertThat(cache.tierName(0)).isEqualTo("hot");
      assertThat(cache.tierName(1)).isEqualTo("cold.s3");
    }
    try (DaramjweeCache cache = DaramjweeCache.builder().tiers(hot).tierNames("L1").build()) {
      assertThat(cache.tierName(0)).isEqualTo("L1");
      assertThat(cache.tierName(1)).as("the NullStore below one tier").isEqualTo("tier1");
    }
  }

  @Test
  void tierNames_rejectsWhatCannotGoBareIntoCacheStatus_repeatsAndAWrongCount() {
    for (String bad : new String[] {"", "1st", "hot tier", "-hot", "caf\u00e9", "x".repeat(65)}) {
      assertThatThrownBy(() -> DaramjweeCache.builder().tierNames("hot", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("tier name must be 1 to 64 characters, a letter and then letters, digits,"
              + " '-', '_' or '.': '" + bad + "'");
    }
    assertThatThrownBy(() -> DaramjweeCache.builder().tierNames("hot", "hot"))
        .hasMessage("tier name 'hot' is used twice");
    assertThatThrownBy(() -> DaramjweeCache.builder().tierNames())
        .hasMessage("at least one tier name is required");
    assertThatThrownBy(() -> DaramjweeCache.builder().tierNames("hot", null))
        .isInstanceOf(NullPointerException.class).hasMessage("tier name 1");
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(hot).tierNames("hot", "cold").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tierNames names 2 tiers but tiers(...) has 1: [hot, cold]");
  }

  @Test
  void oneTier_getsANullColdTier() {
    try (DaramjweeCache cache = DaramjweeCache.builder().tiers(hot).build()) {
      assertThat(cache.stats().tierHits()).hasSize(2);
    }
  }

  @Test
  void tierMaxEntrySize_mustBePositive_forATierThatExists_andWithinItsStoresCapacity() {
    assertThatThrownBy(() -> DaramjweeCache.builder().tierMaxEntrySize(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tier 0 max entry size must be positive: 0");
    assertThatThrownBy(() -> DaramjweeCache.builder().tierMaxEntrySize(-1, 10))
        .hasMessage("tier must not be negative: -1");
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(hot).tierMaxEntrySize(1, 10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tierMaxEntrySize names tier 1 but there are 1 tiers");
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(hot)
        .tierMaxEntrySize(0, (64L << 20) + 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tier 0 max entry size 67108865 exceeds the capacity of its"
            + " store, 67108864: MemoryStore");
    DaramjweeCache.builder().tiers(hot).tierMaxEntrySize(0, 64L << 20).build().close();
  }

  @Test
  void promotionProbation_needsAtLeastOneHit_andAPositiveWindow() {
    assertThatThrownBy(() -> DaramjweeCache.builder().promotionProbation(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("probation hits must be at least 1: 0");
    assertThatThrownBy(() -> DaramjweeCache.builder().promotionProbation(2, Duration.ZERO))
        .hasMessage("probation window must be positive: PT0S");
    assertThat(DaramjweeBuilder.DEFAULT_PROBATION_HITS).isEqualTo(2);
    assertThat(DaramjweeBuilder.DEFAULT_PROBATION_WINDOW).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aStoreThatServesOnlySmallerEntries_capsItsTiersAdmission_andRefusesALargerSetting()
      throws IOException {
    Store pinning = new ForwardingStore(EngineTestSupport.memory()) {
      @Override
      public long maxServableEntry() {
        return 1000;
      }
    };
    DaramjweeCache cache = DaramjweeCache.builder().tiers(pinning).build();
    Metadata large = Metadata.builder()
        .attribute(Admission.LENGTH_ATTRIBUTE, String.format(Locale.ROOT, "%019d", 1001)).build();
    Metadata small = Metadata.builder()
        .attribute(Admission.LENGTH_ATTRIBUTE, String.format(Locale.ROOT, "%019d", 1000)).build();

    try (cache) {
      assertThatThrownBy(() -> cache.set("large", large)).isInstanceOf(IOException.class)
          .hasMessageContaining("no tier accepts");
      cache.set("small", small).abort();
    }
    assertThatThrownBy(() -> DaramjweeCache.builder().tiers(pinning).tierMaxEntrySize(0, 1001)
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the largest entry its store can serve, 1000");
  }
}
