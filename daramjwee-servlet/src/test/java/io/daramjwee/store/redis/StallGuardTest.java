package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The guard's states on a hand-driven clock: answering, stalled, probing, answering again. */
class StallGuardTest {

  private final AtomicLong now = new AtomicLong(5_000);
  private final StallGuard guard = new StallGuard(Duration.ofSeconds(1), now::get);

  @Test
  void whileRedisAnswers_everyCommandIsSent_andNoneIsAProbe() throws IOException {
    for (int i = 0; i < 3; i++) {
      boolean probe = guard.admit();
      assertThat(probe).isFalse();
      guard.answered(probe);
    }
    assertThat(guard.stalled()).isFalse();
    assertThat(guard.refused()).isZero();
  }

  @Test
  void afterATimeout_commandsFailAtOnceForTheHold_thenOneProbeAtATime() throws IOException {
    guard.timedOut(guard.admit());

    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertThatThrownBy(guard::admit).isInstanceOf(IOException.class)
        .hasMessageContaining("not sent").hasMessageContaining("PT1S");
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(guard.admit()).as("the first command after the hold is a probe").isTrue();
    assertThatThrownBy(guard::admit).as("a second one while the probe is out")
        .isInstanceOf(IOException.class);
    assertThat(guard.refused()).isEqualTo(2);

    guard.timedOut(true); // the probe timed out too: another hold, from now
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThatThrownBy(guard::admit).isInstanceOf(IOException.class);
    now.addAndGet(Duration.ofMillis(500).toNanos());
    boolean probe = guard.admit();
    assertThat(probe).isTrue();
    guard.answered(probe);

    assertThat(guard.stalled()).isFalse();
    assertThat(guard.admit()).isFalse();
  }

  @Test
  void aProbeThatFailsOtherwise_letsTheNextCommandProbe() throws IOException {
    guard.timedOut(guard.admit());
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    guard.failed(guard.admit()); // connection down: no answer, no new hold

    assertThat(guard.stalled()).isTrue();
    assertThat(guard.admit()).isTrue();
  }

  @Test
  void anAnswerToACommandInFlight_endsTheStall() throws IOException {
    boolean early = guard.admit();
    guard.timedOut(guard.admit());
    guard.answered(early);

    assertThat(guard.stalled()).isFalse();
    assertThat(guard.admit()).isFalse();
  }

  @Test
  void aZeroHold_neverFailsACommandItself() throws IOException {
    StallGuard off = new StallGuard(Duration.ZERO, now::get);
    off.timedOut(off.admit());

    assertThat(off.admit()).isFalse();
    assertThat(off.refused()).isZero();
  }

  @Test
  void aHoldEndingAtTimeZero_stillStalls() {
    now.set(-Duration.ofSeconds(1).toNanos());
    guard.timedOut(false);

    assertThat(guard.stalled()).isTrue();
    assertThatThrownBy(guard::admit).isInstanceOf(IOException.class);
  }
}
