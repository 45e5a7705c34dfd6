package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.StoredEntry;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.store.redis.RedisStore;
import io.daramjwee.testing.KeyJournal;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared warm tier's Redis goes away mid-run and comes back empty: a real redis-server
 * ({@link LocalRedis}) is stopped under a steady stream of requests and started again on the same
 * port. Half the requests repeat a few keys (hits in the memory hot tier), half ask for a key never
 * seen (a read of Redis, then the origin, then a copy into Redis). While Redis is down every
 * request is still answered 200 with the origin's bytes and the failed Redis calls are counted as
 * errors of tier 1, without waiting for a command timeout; once it is back, new entries reach
 * Redis again, as a separate store reading the server directly sees.
 */
class RedisOutageReliabilityTest extends ReliabilityScenarios {

  private static final Logger LOG = LoggerFactory.getLogger(RedisOutageReliabilityTest.class);
  private static final int KEYS = 12;

  @Test
  void redisStoppedUnderLoad_everyRequestAnswers200_errorsCounted_andWarmWritesResume()
      throws Exception {
    LocalRedis redis = closeLater(LocalRedis.start());
    KeyJournal warm = closeLater(new KeyJournal(RedisStore.builder().uri(redis.uri())
        .commandTimeout(Duration.ofSeconds(1)).build()));
    start(MemoryStore.builder().capacity(64L << 20).build(), warm);
    SteadyLoad load = closeLater(new SteadyLoad(client, 2,
        n -> n % 2 == 0 ? item(n % KEYS) : "/item/new-" + n, origin::expected));
    try (RedisStore direct = RedisStore.builder().uri(redis.uri()).build()) {
      await("keys in Redis").ignoreExceptions().until(() -> warm.keysWith("/item/").size() >= KEYS
          && body(direct, warm.keysWith(item(0)).get(0)) != null);
    }

    redis.stop();
    long errors = tierErrors();
    long answered = load.answered();
    long stoppedAt = System.nanoTime();
    await("Redis failures counted under load").atMost(Duration.ofSeconds(30))
        .until(() -> tierErrors() >= errors + 20 && load.answered() >= answered + 50);
    long outageRequests = load.answered() - answered;
    long outageErrors = tierErrors() - errors;
    long outageMillis = (System.nanoTime() - stoppedAt) / 1_000_000;

    redis.restart();
    long restartedAt = System.nanoTime();
    await("the worker's backlog drained").atMost(Duration.ofSeconds(30))
        .until(() -> cache.stats().workerQueueDepth() == 0);
    AtomicInteger attempts = new AtomicInteger();
    try (RedisStore direct = RedisStore.builder().uri(redis.uri()).build()) {
      // The store's connection comes back by itself, after Lettuce's reconnect back-off: until
      // then a new key's copy fails (counted), so each attempt asks for another new key.
      await("new entries in Redis").atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> reachesRedis("/item/after-restart-" + attempts.incrementAndGet(),
              warm, direct));
    }
    long recovered = System.nanoTime();
    load.close();

    assertThat(load.failures()).as("replies other than the origin's 200").isEmpty();
    LOG.info("figures: {} requests in all; while Redis was down ({} ms until counted): {}"
        + " requests, {} tier-1 errors counted; after restart, new entries in Redis within {} ms;"
        + " jobs dropped {}; attempts after restart {}", load.answered(), outageMillis,
        outageRequests, outageErrors, (recovered - restartedAt) / 1_000_000,
        cache.stats().jobsDropped(), attempts.get());
  }

  /** Asks for {@code path}, and whether its copy then reaches Redis with the origin's bytes. */
  private boolean reachesRedis(String path, KeyJournal warm, RedisStore direct) {
    getFromOrigin(path);
    try {
      await().atMost(Duration.ofSeconds(3)).ignoreExceptions().until(() ->
          Arrays.equals(body(direct, warm.keysWith(path).get(0)), origin.expected(path)));
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private long tierErrors() {
    return cache.stats().tierErrors().get(1);
  }

  private static byte[] body(RedisStore store, String key) throws Exception {
    try (StoredEntry entry = store.getStream(key)) {
      return entry == null ? null : entry.body().readAllBytes();
    }
  }
}
