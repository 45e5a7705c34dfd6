package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.testing.ForwardingStore;
import java.time.Duration;
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
  void oneTier_getsANullColdTier() {
    try (DaramjweeCache cache = DaramjweeCache.builder().tiers(hot).build()) {
      assertThat(cache.stats().tierHits()).hasSize(2);
    }
  }
}
