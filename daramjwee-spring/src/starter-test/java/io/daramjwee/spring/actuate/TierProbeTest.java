package io.daramjwee.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.spring.DaramjweeTiers;
import io.daramjwee.spring.DaramjweeTiers.Tier;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/** The Boot-independent probe behind each tier's health indicator. */
class TierProbeTest {

  @Test
  void aStoreThatDoesNotAnswer_isDegradedAfterTheTimeout_andHoldsOneThread() {
    HealthFaultyStore store = new HealthFaultyStore();
    store.hanging = true;
    ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newCachedThreadPool();
    try {
      TierProbe probe = new TierProbe(new Tier("cold", "s3", store), 1, null, executor,
          Duration.ofMillis(50));
      TierProbe.Answer first = probe.check();
      assertThat(first.status()).isEqualTo(TierProbe.DEGRADED);
      assertThat(first.details())
          .containsEntry("error", "the store did not answer a probe within PT0.05S")
          .doesNotContainKey("errors");
      assertThat(probe.check().status()).isEqualTo(TierProbe.DEGRADED);
      assertThat(executor.getPoolSize())
          .as("the second check waited on the first probe").isEqualTo(1);
      store.release();
      await().until(() -> probe.check().status().equals("UP"));
    } finally {
      store.release();
      executor.shutdownNow();
    }
  }

  @Test
  void probesAreByTierInTierOrder_andCloseStopsTheirThreads() {
    HealthFaultyStore hot = new HealthFaultyStore();
    HealthFaultyStore cold = new HealthFaultyStore();
    TierProbes probes = new TierProbes(DaramjweeTiers.of(new Tier("hot", "faulty", hot),
        new Tier("cold", "faulty", cold)), null, Duration.ofSeconds(2));
    assertThat(probes.byTier().keySet()).containsExactly("hot", "cold");
    assertThat(probes.byTier().get("cold").check().status()).isEqualTo("UP");

    probes.close();

    assertThat(probes.byTier().get("hot").check().details().get("error").toString())
        .as("no thread is left to run a probe").contains("RejectedExecutionException");
  }
}
