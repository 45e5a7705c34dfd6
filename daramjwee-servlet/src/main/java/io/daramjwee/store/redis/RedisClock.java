package io.daramjwee.store.redis;

import io.daramjwee.InvalidSettingException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's clock: the time of the Redis server every instance shares, so that an entry stored
 * by one instance and a purge mark taken by another compare as they happened, however far the
 * instances' own clocks are apart.
 *
 * <pre>{@code
 * RedisClock clock = RedisClock.builder().uri("redis://cache.internal:6379").build();
 * PurgeLog purges = PurgeLog.builder().clock(clock).channel(channel).build();
 * }</pre>
 *
 * <p>{@link #instant()} is Redis's time as of a sample plus the monotonic time
 * ({@link System#nanoTime()}) elapsed since: one volatile read and no network call, and no step
 * of the machine's wall clock (NTP, a VM resumed) moves it. Samples of Redis {@code TIME} are
 * taken at build (several, keeping the best) and then every {@link Builder#resampleEvery} on a
 * daemon thread, {@code daramjwee-redis-clock}; of the last few samples the one with the shortest
 * round trip counts ({@link #uncertainty()} is half of it). While Redis cannot be reached the clock
 * goes on from its last sample. The base clock gives only the zone and what {@link #offset()}
 * compares with.
 *
 * <p>On a Redis Cluster ({@link Builder#clusterNodes}) every instance reads the time of the master
 * serving the hash slot of {@value #CLUSTER_ANCHOR} (no key of that name is written), so all of
 * them read one server's clock; after a failover, the new master's, from the next sample on.
 *
 * <p>Thread-safe. {@link #close()} stops resampling and closes the connection; the clock goes on
 * with its last offset. A clock from {@link #withZone} shares this one's sampling, and closing
 * either stops it.
 */
public final class RedisClock extends Clock implements AutoCloseable {

  /** The key whose hash slot's master tells the time on a Redis Cluster. */
  static final String CLUSTER_ANCHOR = "daramjwee:clock";
  /** Samples taken at build, of which the best counts. */
  private static final int FIRST_SAMPLES = 5;
  /** How long one {@code TIME} may take; a sample slower than this is of little use anyway. */
  private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(1);

  private final RedisTimeSampler sampler;
  private final Clock base;
  private final ZoneId zone;

  private RedisClock(RedisTimeSampler sampler, ZoneId zone) {
    this.sampler = sampler;
    this.base = sampler.base();
    this.zone = zone;
  }

  /** A builder; see {@link Builder} for each setting and its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Redis's time as of the best sample, plus the monotonic time elapsed since it. */
  @Override
  public Instant instant() {
    long nanos = sampler.best().nowEpochNanos();
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L));
  }

  /** The base clock's zone unless {@link #withZone} said otherwise. */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** This clock in {@code zone}, sharing its sampling (see the class comment on closing). */
  @Override
  public RedisClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new RedisClock(sampler, zone);
  }

  /** Redis's clock minus the base clock, now. */
  public Duration offset() {
    return Duration.between(base.instant(), instant());
  }

  /** How far {@link #offset()} may be off: half the round trip of the sample it comes from. */
  public Duration uncertainty() {
    return Duration.ofNanos(sampler.best().roundTripNanos() / 2);
  }

  /** Samples that succeeded since build, the first ones included; for tests. */
  long samples() {
    return sampler.samples();
  }

  /** Samples that failed since build; for tests. */
  long failedSamples() {
    return sampler.failures();
  }

  /** Whether the resampling thread runs; for tests. */
  boolean sampling() {
    return sampler.sampling();
  }

  /** Stops resampling and closes the connection (and a client the clock made). Idempotent. */
  @Override
  public void close() {
    sampler.close();
  }

  @Override
  public String toString() {
    RedisTimeSampler.Estimate best = sampler.best();
    return "RedisClock{" + sampler + ", offset=" + offset()
        + ", uncertainty=" + Duration.ofNanos(best.roundTripNanos() / 2) + ", zone=" + zone + '}';
  }

  /**
   * Configures a {@link RedisClock}. {@link #uri} is required; everything else has a default. A
   * rejected setting is an {@link InvalidSettingException} naming it. Not thread-safe.
   */
  public static final class Builder {

    private final RedisEndpoint endpoint = new RedisEndpoint();
    private Clock base = Clock.systemUTC();
    private Duration resampleEvery = Duration.ofSeconds(30);

    private Builder() {}

    /** The server, as {@link RedisStoreBuilder#uri(String)} takes it. Required, or clusterNodes. */
    public Builder uri(String uri) {
      endpoint.uri(uri);
      return this;
    }

    /** A Redis Cluster, as {@link RedisStoreBuilder#clusterNodes} takes it; replaces the uri. */
    public Builder clusterNodes(List<String> seedUris) {
      endpoint.clusterNodes(seedUris);
      return this;
    }

    /** The server as a {@link RedisURI} already made; its timeout is set as the store sets it. */
    public Builder uri(RedisURI uri) {
      endpoint.uri(uri);
      return this;
    }

    /**
     * A client of the application's to connect with; the clock then closes only its connection.
     * Default: a client of the clock's own.
     */
    public Builder client(RedisClient client) {
      endpoint.client(client);
      return this;
    }

    /** The clock Redis's time is measured against, and whose zone is kept. Default UTC. */
    public Builder base(Clock base) {
      this.base = Objects.requireNonNull(base, "base");
      return this;
    }

    /** How often the offset is measured again. Default 30 s. */
    public Builder resampleEvery(Duration period) {
      if (period == null || period.isNegative() || period.isZero()) {
        throw new InvalidSettingException("resampleEvery", period,
            "resampleEvery must be positive: " + period);
      }
      this.resampleEvery = period;
      return this;
    }

    /**
     * Connects, measures the offset, and starts resampling.
     *
     * @throws InvalidSettingException when no uri was given
     * @throws IOException when the server cannot be reached or its time cannot be read
     */
    public RedisClock build() throws IOException {
      endpoint.check("a Redis clock");
      RedisConnection connection = endpoint.connect(SAMPLE_TIMEOUT);
      RedisTimeSampler sampler;
      try {
        sampler = new RedisTimeSampler(connection, base, FIRST_SAMPLES);
      } catch (IOException | RuntimeException e) {
        connection.close();
        throw e;
      }
      sampler.start(resampleEvery);
      return new RedisClock(sampler, base.getZone());
    }
  }
}
