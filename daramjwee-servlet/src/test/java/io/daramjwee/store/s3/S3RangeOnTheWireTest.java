package io.daramjwee.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.RangeReadable;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.memory.MemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A range of a large entry in a cold S3 tier reads only that range from S3, counted in bytes the
 * server sent on the wire ({@link CountingRelay} between the store and s3proxy): 1 MiB from the
 * middle of a 32 MiB object costs the range, the first bytes {@code getStream} takes, and HTTP
 * headers, where a full read costs all 32 MiB. First at the store, then through the engine, whose
 * background promotion later brings the whole entry up into the memory tier.
 */
class S3RangeOnTheWireTest {

  private static final int MiB = 1 << 20;
  private static final int SIZE = 32 * MiB;
  private static final long FIRST = 16L * MiB;
  private static final long COUNT = MiB;
  /** Request and response headers of the few GETs, with room to spare. */
  private static final long HTTP_OVERHEAD = 64 * 1024;

  private static S3Server server;
  private static CountingRelay relay;
  private static byte[] body;

  @BeforeAll
  static void start() throws Exception {
    server = S3Server.startInMemory();
    relay = CountingRelay.start(server.endpoint());
    body = new byte[SIZE];
    new Random(32).nextBytes(body);
  }

  @AfterAll
  static void stop() throws Exception {
    relay.close();
    server.close();
  }

  @Test
  void rangeFromTheMiddleOfA32MiBObject_costsTheRangeOnTheWire_aFullReadAllOfIt()
      throws IOException {
    try (S3Store store = relayedStore("store/")) {
      put(store, "video", Metadata.ofTag("\"v1\""));
      relay.reset();

      try (StoredEntry entry = store.getStream("video");
          InputStream part = ((RangeReadable) entry.body()).openRange(FIRST, COUNT)) {
        assertPart(part.readAllBytes());
      }
      long ranged = relay.bytesFromServer();
      relay.reset();
      try (StoredEntry entry = store.getStream("video")) {
        assertThat(Arrays.mismatch(entry.body().readAllBytes(), body)).isEqualTo(-1);
      }
      long full = relay.bytesFromServer();

      assertThat(ranged).as("bytes S3 sent for the range").isGreaterThanOrEqualTo(COUNT)
          .isLessThan(COUNT + ObjectReader.FIRST_READ + HTTP_OVERHEAD);
      assertThat(full).as("bytes S3 sent for the full read").isGreaterThanOrEqualTo(SIZE);
    }
  }

  @Test
  void rangeOfAColdS3EntryThroughTheEngine_readsOnlyThePart_andTheWholeEntryIsPromotedLater()
      throws IOException {
    AtomicInteger originCalls = new AtomicInteger();
    Fetcher origin = previous -> {
      originCalls.incrementAndGet();
      throw new IOException("the origin is not asked: the entry is in S3");
    };
    try (S3Store cold = relayedStore("engine/")) {
      MemoryStore hot = MemoryStore.builder().capacity(64L * MiB).build();
      put(cold, "video", Metadata.builder().cacheTag("\"v1\"").cachedAt(Instant.now())
          .freshFor(Duration.ofHours(1)).attribute("len", Integer.toString(SIZE)).build());
      // Two hits earn a promotion: the first range is measured alone, with no promotion running.
      try (DaramjweeCache cache = DaramjweeCache.builder().tiers(hot, cold)
          .tierMaxEntrySize(0, 48L * MiB).promotionProbation(2, Duration.ofMinutes(1))
          .freshness(Duration.ofHours(1), Duration.ofMinutes(1)).build()) {
        relay.reset();
        try (CacheResponse hit = cache.get("video", origin)) {
          assertThat(hit.tier()).isEqualTo(1);
          assertPart(hit.range(FIRST, COUNT).readAllBytes());
        }
        long ranged = relay.bytesFromServer();
        assertThat(ranged).as("bytes S3 sent for the range").isGreaterThanOrEqualTo(COUNT)
            .isLessThan(COUNT + ObjectReader.FIRST_READ + HTTP_OVERHEAD);
        assertThat(hot.stat("video")).as("a first hit is on probation").isNull();

        try (CacheResponse second = cache.get("video", origin)) {
          assertThat(second.tier()).isEqualTo(1);
          assertPart(second.range(FIRST, COUNT).readAllBytes());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hot.stat("video") != null);
        try (CacheResponse promoted = cache.get("video", origin)) {
          assertThat(promoted.tier()).isZero();
          assertThat(Arrays.mismatch(promoted.body().readAllBytes(), body)).isEqualTo(-1);
        }
      } finally {
        hot.close();
      }
    }
    assertThat(originCalls).hasValue(0);
  }

  private static S3Store relayedStore(String prefix) {
    return server.storeBuilder().endpointOverride(relay.endpoint()).keyPrefix(prefix).build();
  }

  private static void put(S3Store store, String key, Metadata metadata) throws IOException {
    try (StoreWriter writer = store.setWithWriter(key, metadata)) {
      writer.write(body);
      writer.commit();
    }
  }

  private static void assertPart(byte[] read) {
    assertThat(read).hasSize((int) COUNT);
    assertThat(Arrays.mismatch(read, Arrays.copyOfRange(body, (int) FIRST, (int) (FIRST + COUNT))))
        .as("first differing byte").isEqualTo(-1);
  }
}
