package io.daramjwee.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.ehcache.EhcacheStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two real tiers together under the engine: Ehcache (heap only, so a restart loses it) as
 * tier 0 over S3 (s3proxy in-process) as tier 1.
 */
class EhcacheOverS3TiersTest {

  private static S3Server server;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.startInMemory();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void missPublishesToEhcacheThenS3_andAfterARestartS3ServesAndRefillsEhcache() throws Exception {
    byte[] body = new byte[700 * 1024]; // several Ehcache chunks
    new Random(11).nextBytes(body);
    AtomicInteger originCalls = new AtomicInteger();
    Fetcher origin = previous -> {
      originCalls.incrementAndGet();
      return FetchResult.body(new ByteArrayInputStream(body), Metadata.ofTag("\"v1\""));
    };
    String key = "reports/2026/11 – year end.pdf";

    try (S3Store cold = server.storeBuilder().keyPrefix("tiers/").build()) {
      EhcacheStore hot = heapOnlyEhcache();
      try (DaramjweeCache cache = DaramjweeCache.builder().tiers(hot, cold)
          .freshness(Duration.ofHours(1), Duration.ofMinutes(1)).build()) {
        try (CacheResponse miss = cache.get(key, origin)) {
          assertThat(miss.tier()).isEqualTo(CacheResponse.ORIGIN);
          assertThat(miss.body().readAllBytes()).isEqualTo(body);
        }
        assertThat(stored(hot, key)).as("published to tier 0 at EOF").isEqualTo(body);
        await().atMost(Duration.ofSeconds(30)).until(() -> cold.stat(key) != null);
        assertThat(stored(cold, key)).isEqualTo(body);
      } finally {
        hot.close();
      }

      EhcacheStore freshHot = heapOnlyEhcache(); // a restart: the heap tier starts empty
      // Promoted on its first hit from S3: probation off.
      try (DaramjweeCache restarted = DaramjweeCache.builder().tiers(freshHot, cold)
          .promotionProbation(1, Duration.ofMinutes(1))
          .freshness(Duration.ofHours(1), Duration.ofMinutes(1)).build()) {
        try (CacheResponse fromS3 = restarted.get(key, origin)) {
          assertThat(fromS3.tier()).isEqualTo(1);
          assertThat(fromS3.metadata().cacheTag()).isEqualTo("\"v1\"");
          assertThat(fromS3.body().readAllBytes()).isEqualTo(body);
        }
        assertThat(stored(freshHot, key)).as("promoted into Ehcache").isEqualTo(body);
        try (CacheResponse fromEhcache = restarted.get(key, origin)) {
          assertThat(fromEhcache.tier()).isZero();
          assertThat(fromEhcache.body().readAllBytes()).isEqualTo(body);
        }
      } finally {
        freshHot.close();
      }
    }
    assertThat(originCalls).hasValue(1);
  }

  private static EhcacheStore heapOnlyEhcache() {
    return EhcacheStore.builder().heapSize(32L << 20).persistent(false).build();
  }

  private static byte[] stored(Store store, String key) throws IOException {
    try (StoredEntry entry = store.getStream(key)) {
      return entry == null ? null : entry.body().readAllBytes();
    }
  }
}
