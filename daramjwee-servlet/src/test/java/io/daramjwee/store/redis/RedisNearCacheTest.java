package io.daramjwee.store.redis;

import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static io.daramjwee.tck.StoreAssertions.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.Metadata;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The near cache against a real Redis ({@link LocalRedis}), with two stores on one server standing
 * for two instances of an application: what a repeated hit costs, what another instance's writes
 * and deletes do to a copy and when, this instance's own writes, the TTL, the budget, what is never
 * kept, and many readers racing another instance's writes. Reconnects and restarts:
 * {@link RedisNearCacheReconnectTest}.
 */
class RedisNearCacheTest {

  private static final AtomicInteger prefixes = new AtomicInteger();
  private static final Metadata META = Metadata.builder().freshFor(Duration.ofMinutes(5)).build();

  private static LocalRedis redis;
  private static RedisAdmin admin;

  private final String prefix = "n" + prefixes.incrementAndGet() + ":";
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeAll
  static void startServer() {
    redis = LocalRedis.start();
    admin = new RedisAdmin(redis);
  }

  @AfterAll
  static void stopServer() {
    admin.close();
    redis.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void aRepeatedHitOfAnUnchangedEntry_costsNoRoundTrip() throws Exception {
    RedisStore a = nearStore();
    commit(a, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000)); // the first read fills the copy
    long gets = admin.calls("get");

    for (int i = 0; i < 5; i++) {
      assertHolds(a, "k", META, body(1, 1000));
    }

    assertThat(admin.calls("get")).as("GETs Redis ran").isEqualTo(gets);
    assertThat(a.nearCacheStats().hits()).isGreaterThanOrEqualTo(10); // stat and getStream each
    assertThat(admin.trackingClients()).isEqualTo(1);
  }

  @Test
  void steadyHits_keepTheLeaseWithPings_andNeverGoToRedis() throws Exception {
    RedisStore a = nearStore();
    commit(a, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));
    long gets = admin.calls("get");
    long pings = admin.calls("ping");

    await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4))
        .until(() -> a.stat("k") != null && admin.calls("get") == gets); // past two leases

    assertThat(admin.calls("ping")).as("PINGs renewing the lease").isGreaterThan(pings);
  }

  @Test
  void anotherInstanceOverwrites_theNewValueIsServedOnceItsInvalidationArrives_neverTheOldAfter()
      throws Exception {
    RedisStore a = nearStore();
    RedisStore b = nearStore();
    commit(b, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));
    assertThat(a.nearCacheStats().hits()).isPositive();

    commit(b, "k", META, body(2, 900));

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertHolds(a, "k", META, body(2, 900)));
    for (int i = 0; i < 50; i++) {
      assertHolds(a, "k", META, body(2, 900));
    }
    assertThat(a.nearCacheStats().invalidations()).isPositive();
  }

  @Test
  void anotherInstanceDeletes_theEntryIsAbsentOnceItsInvalidationArrives() throws Exception {
    RedisStore a = nearStore();
    RedisStore b = nearStore();
    commit(b, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));

    b.delete("k");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertAbsent(a, "k"));
    assertThat(a.nearCacheStats().entries()).isZero();
  }

  @Test
  void thisInstancesOwnWritesAndDeletes_areSeenAtOnce() throws Exception {
    RedisStore a = nearStore();
    commit(a, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));

    commit(a, "k", META, body(2, 900));
    assertHolds(a, "k", META, body(2, 900));
    a.delete("k");
    assertAbsent(a, "k");
  }

  @Test
  void aCopy_isNotServedPastItsKeysTtl_evenBeforeRedisNoticesTheExpiry() throws Exception {
    try (LocalRedis lazy = LocalRedis.start("enable-debug-command yes");
        RedisAdmin lazyAdmin = new RedisAdmin(lazy)) {
      lazyAdmin.stopActiveExpiry(); // Redis expires the key only when a command touches it
      RedisStore a = own(builder(lazy).build());
      Metadata second = Metadata.builder().freshFor(Duration.ofSeconds(1))
          .staleFor(Duration.ZERO).staleIfError(Duration.ZERO).build(); // a TTL of 1 s
      commit(a, "k", second, body(1, 100));
      assertHolds(a, "k", second, body(1, 100));

      await().atMost(Duration.ofSeconds(5)).until(() -> a.stat("k") == null);

      assertThat(a.nearCacheStats().expirations()).isEqualTo(1);
      assertAbsent(a, "k");
    }
  }

  @Test
  void theBudget_isNeverExceeded_andEveryReadIsRight() throws Exception {
    RedisStore a = own(builder(redis).chunkSize(16 * 1024).inlineThreshold(16 * 1024)
        .nearCacheSize(64 * 1024).build());
    for (int i = 0; i < 30; i++) {
      commit(a, "k" + i, META, body(i, 6 * 1024));
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 30; i++) {
        assertHolds(a, "k" + i, META, body(i, 6 * 1024));
        assertThat(a.nearCacheStats().bytes()).isLessThanOrEqualTo(64 * 1024);
      }
    }

    NearCacheStats stats = a.nearCacheStats();
    assertThat(stats.entries()).isBetween(5L, 10L);
    assertThat(stats.evictions()).isPositive();
  }

  @Test
  void aChunkedEntry_isNeverKeptNear() throws Exception {
    RedisStore a = nearStore(); // inline up to 4 KiB
    commit(a, "k", META, body(1, 10_000));
    long gets = admin.calls("get");

    for (int i = 0; i < 3; i++) {
      assertHolds(a, "k", META, body(1, 10_000));
    }

    assertThat(a.nearCacheStats().entries()).isZero();
    assertThat(a.nearCacheStats().hits()).isZero();
    assertThat(admin.calls("get") - gets).as("manifest and chunks, every time").isEqualTo(3 * 5);
  }

  @Test
  void byDefault_thereIsNoNearCache_andNoTracking() throws Exception {
    RedisStore plain = own(RedisStore.builder().uri(redis.uri()).keyPrefix(prefix).build());
    commit(plain, "k", META, body(1, 100));
    assertHolds(plain, "k", META, body(1, 100));

    assertThat(plain.nearCacheStats()).isEqualTo(NearCacheStats.OFF);
    assertThat(admin.trackingClients()).isZero();
  }

  @Test
  void readersRacingAnotherInstancesWrites_neverSeeAnOlderVersionThanOneAlreadySeen()
      throws Exception {
    RedisStore a = nearStore();
    RedisStore b = nearStore();
    commit(b, "k", META, version(0));
    AtomicInteger highestSeen = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> violations = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(3);
    opened.push(readers::shutdownNow);
    List<Future<Integer>> reads = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      reads.add(readers.submit(() -> {
        int count = 0;
        while (writing.get()) {
          int before = highestSeen.get(); // seen by some thread before this read began
          int seen = ByteBuffer.wrap(read(a, "k").body()).getInt();
          if (seen < before) {
            synchronized (violations) {
              violations.add("read " + seen + " after " + before + " was seen");
            }
          }
          highestSeen.accumulateAndGet(seen, Math::max);
          count++;
        }
        return count;
      }));
    }

    int last = 300;
    for (int v = 1; v <= last; v++) {
      commit(b, "k", META, version(v));
    }
    await("the last version reaching A (a copy kept past its invalidation would never go)")
        .atMost(Duration.ofSeconds(5)).until(() -> highestSeen.get() == last);
    writing.set(false);
    for (Future<Integer> r : reads) {
      assertThat(r.get()).isPositive();
    }

    assertThat(violations).isEmpty();
    assertHolds(a, "k", META, version(last));
    NearCacheStats stats = a.nearCacheStats();
    assertThat(stats.hits()).as("the copy was used").isPositive();
    assertThat(stats.invalidations()).as("and invalidated").isPositive();
  }

  private RedisStore nearStore() throws Exception {
    return own(builder(redis).build());
  }

  /** Inline up to 4 KiB, a near cache of 1 MiB. */
  private RedisStoreBuilder builder(LocalRedis server) {
    return RedisStore.builder().uri(server.uri()).keyPrefix(prefix).chunkSize(4 * 1024)
        .inlineThreshold(4 * 1024).nearCacheSize(1 << 20);
  }

  private <T extends AutoCloseable> T own(T closeable) {
    opened.push(closeable);
    return closeable;
  }

  private static byte[] version(int v) {
    return ByteBuffer.allocate(200).putInt(v).array();
  }

  private static byte[] body(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
