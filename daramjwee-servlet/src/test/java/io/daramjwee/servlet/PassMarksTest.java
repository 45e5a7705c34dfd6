package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PassMarksTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void mark_holdsForItsDuration_thenLapses() {
    PassMarks marks = new PassMarks(Duration.ofSeconds(30), clock);
    marks.mark("k");
    assertThat(marks.isMarked("k")).isTrue();
    assertThat(marks.isMarked("other")).isFalse();
    clock.advance(Duration.ofSeconds(29));
    assertThat(marks.isMarked("k")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(marks.isMarked("k")).isFalse();
  }

  @Test
  void zeroDuration_marksNothing() {
    PassMarks marks = new PassMarks(Duration.ZERO, clock);
    marks.mark("k");
    assertThat(marks.isMarked("k")).isFalse();
  }

  @Test
  void clear_liftsAMark() {
    PassMarks marks = new PassMarks(Duration.ofSeconds(30), clock);
    marks.mark("k");
    marks.clear("k");
    assertThat(marks.isMarked("k")).isFalse();
  }

  @Test
  void full_dropsExpiredMarksFirst_andOtherwiseRecordsNoMore() {
    PassMarks marks = new PassMarks(Duration.ofSeconds(30), clock);
    for (int i = 0; i < PassMarks.MAX_MARKS; i++) {
      marks.mark("old" + i);
    }
    marks.mark("refused");
    assertThat(marks.isMarked("refused")).as("full of live marks").isFalse();
    assertThat(marks.isMarked("old0")).isTrue();

    clock.advance(Duration.ofSeconds(31));
    marks.mark("new");
    assertThat(marks.isMarked("new")).as("expired marks made room").isTrue();
  }
}
