package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.http.CacheOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutcomesTest {

  @ParameterizedTest
  @EnumSource(CacheOutcome.Result.class)
  void result_mapsEachDecidedResultToTheListenersNamesake(CacheOutcome.Result result) {
    assertThat(Outcomes.result(result).name()).isEqualTo(result.name());
  }

  @Test
  void result_coversEveryListenerResult() {
    assertThat(CacheOutcome.Result.values()).hasSameSizeAs(CacheResult.values());
  }
}
