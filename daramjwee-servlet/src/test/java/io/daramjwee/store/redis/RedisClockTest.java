package io.daramjwee.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.InvalidSettingException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances whose own clocks are ten seconds apart agree on the time through one real Redis
 * ({@link LocalRedis}, on this machine, so Redis's time is this machine's); the offset survives
 * Redis going away; a server that cannot be reached fails the build. The outage test has a
 * server of its own.
 */
class RedisClockTest {

  private static final Logger LOG = LoggerFactory.getLogger(RedisClockTest.class);
  private static final Duration AGREEMENT = Duration.ofMillis(50);

  private static LocalRedis redis;

  @BeforeAll
  static void startServer() {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopServer() {
    redis.close();
  }

  @Test
  void instancesWithClocksTenSecondsApart_readTheSameTime() throws Exception {
    try (RedisClock ahead = clock(redis, skewed(Duration.ofSeconds(5)));
        RedisClock behind = clock(redis, skewed(Duration.ofSeconds(-5)))) {
      Instant atAhead = ahead.instant();
      Instant atBehind = behind.instant();
      Instant truth = Instant.now();

      assertThat(apart(atAhead, atBehind)).isLessThan(AGREEMENT);
      assertThat(apart(atAhead, truth)).isLessThan(AGREEMENT);
      assertThat(apart(ahead.offset(), Duration.ofSeconds(-5))).isLessThan(AGREEMENT);
      assertThat(apart(behind.offset(), Duration.ofSeconds(5))).isLessThan(AGREEMENT);
      LOG.info("figures: offsets {} and {}, uncertainty {} and {}; readings {} µs apart",
          ahead.offset(), behind.offset(), ahead.uncertainty(), behind.uncertainty(),
          apart(atAhead, atBehind).toNanos() / 1_000);
    }
  }

  @Test
  void onLoopback_theUncertaintyIsSmall() throws Exception {
    try (RedisClock clock = clock(redis, Clock.systemUTC())) {
      assertThat(clock.uncertainty()).isBetween(Duration.ZERO, Duration.ofMillis(10));
      assertThat(apart(clock.offset(), Duration.ZERO)).isLessThan(AGREEMENT);
    }
  }

  @Test
  void redisDownDuringResamples_keepsTheOffset_andResamplingResumesWhenItIsBack()
      throws Exception {
    try (LocalRedis server = LocalRedis.start();
        RedisClock clock = RedisClock.builder().uri(server.uri())
            .base(skewed(Duration.ofSeconds(5))).resampleEvery(Duration.ofMillis(20)).build()) {
      await().until(() -> clock.samples() > RedisTimeSampler.KEPT + 2);

      server.stop();
      long failed = clock.failedSamples();
      await().until(() -> clock.failedSamples() >= failed + 3);
      Duration offset = clock.offset();
      await().until(() -> clock.failedSamples() >= failed + 6);

      assertThat(apart(clock.offset(), offset)).isLessThan(Duration.ofMillis(1));
      assertThat(apart(offset, Duration.ofSeconds(-5))).isLessThan(AGREEMENT);
      assertThat(apart(clock.instant(), Instant.now())).isLessThan(AGREEMENT);

      server.restart();
      long samples = clock.samples();
      await().atMost(Duration.ofSeconds(30)).until(() -> clock.samples() > samples);
    }
  }

  @Test
  void aStepOfTheMachinesClock_doesNotMoveTheClusterClock() throws Exception {
    io.daramjwee.testing.MutableClock machine = new io.daramjwee.testing.MutableClock(Instant.now());
    try (RedisClock clock = clock(redis, machine)) {
      machine.advance(Duration.ofSeconds(10)); // NTP steps the wall clock, or a VM resumes

      assertThat(apart(clock.instant(), Instant.now())).isLessThan(AGREEMENT);
      // The machine clock stands still from here: the offset is the truth minus where it stands.
      assertThat(apart(clock.offset(), Duration.between(machine.instant(), Instant.now())))
          .isLessThan(AGREEMENT);
    }
  }

  @Test
  void build_failsWithIoException_namingTheServerWithoutCredentials_whenUnreachable() {
    LocalRedis gone = LocalRedis.start();
    gone.close();

    assertThatThrownBy(() -> RedisClock.builder().uri("redis://:s3cret@127.0.0.1:" + gone.port())
        .build())
        .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + gone.port())
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void withZone_keepsTheTime_andSharesTheSampling() throws Exception {
    ZoneId seoul = ZoneId.of("Asia/Seoul");
    RedisClock clock = clock(redis, skewed(Duration.ofSeconds(5)));
    RedisClock zoned = clock.withZone(seoul);

    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(zoned.getZone()).isEqualTo(seoul);
    assertThat(zoned.withZone(ZoneOffset.UTC).getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(apart(zoned.offset(), clock.offset())).isLessThan(Duration.ofMillis(1));
    assertThat(apart(zoned.instant(), clock.instant())).isLessThan(AGREEMENT);

    zoned.close();
    assertThat(clock.sampling()).isFalse();
    clock.close(); // idempotent
  }

  @Test
  void close_stopsResampling_andTheClockGoesOnWithItsLastOffset() throws Exception {
    RedisClock clock = clock(redis, skewed(Duration.ofSeconds(-5)));
    assertThat(clock.sampling()).isTrue();

    clock.close();

    assertThat(clock.sampling()).isFalse();
    assertThat(apart(clock.instant(), Instant.now())).isLessThan(AGREEMENT);
  }

  @Test
  void builder_rejectsAMissingUriAndANonPositivePeriod() {
    assertThatThrownBy(() -> RedisClock.builder().build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("uri");
    assertThatThrownBy(() -> RedisClock.builder().resampleEvery(Duration.ZERO))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("resampleEvery");
    assertThatThrownBy(() -> RedisClock.builder().uri("http://user:s3cret@host"))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("uri")
        .hasMessageNotContaining("s3cret");
  }

  private static RedisClock clock(LocalRedis server, Clock base) throws IOException {
    return RedisClock.builder().uri(server.uri()).base(base).build();
  }

  private static Clock skewed(Duration by) {
    return Clock.offset(Clock.systemUTC(), by);
  }

  private static Duration apart(Instant a, Instant b) {
    return Duration.between(a, b).abs();
  }

  private static Duration apart(Duration a, Duration b) {
    return a.minus(b).abs();
  }
}
