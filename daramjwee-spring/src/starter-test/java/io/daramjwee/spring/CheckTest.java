package io.daramjwee.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.http.RouteRules;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The property checks that repeat a rule of the HTTP layer, which this package may not import. */
class CheckTest {

  @Test
  void theLongestWindow_isTheHttpLayersOwn() {
    assertThat(Check.MAX_WINDOW).isEqualTo(RouteRules.MAX_WINDOW);
  }

  @Test
  void aWindowOfAWeek_passes_andOneSecondMore_failsSayingTheBound() {
    assertThat(Check.window(Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> Check.window(Duration.ofDays(7).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 7 days");
  }
}
