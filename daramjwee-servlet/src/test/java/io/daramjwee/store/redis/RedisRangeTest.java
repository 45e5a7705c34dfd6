package io.daramjwee.store.redis;

import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CacheResponse;
import io.daramjwee.CorruptEntryException;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.RangeReadable;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A part of a {@link RedisStore} entry ({@link RangeReadable}): only the chunks that hold it are
 * read from Redis, counted by the {@code GET}s and bytes a real Redis ({@link LocalRedis}) reports,
 * and by chunks outside the part removed or damaged after the entry was opened; at the store, and
 * through the engine, with Redis as the tier under a memory tier.
 */
class RedisRangeTest {

  private static final int CHUNK = 4 * 1024;
  /** 64 chunks and a bit: 256 KiB. */
  private static final byte[] LARGE = body(64 * CHUNK + 100);
  private static final AtomicInteger prefixes = new AtomicInteger();

  private static LocalRedis redis;
  private static RedisAdmin admin;

  private final String prefix = "r" + prefixes.incrementAndGet() + ":";
  private RedisStore store;
  private RedisEntries entries;

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

  @BeforeEach
  void open() throws Exception {
    store = RedisStore.builder().uri(redis.uri()).keyPrefix(prefix).chunkSize(CHUNK)
        .inlineThreshold(1024).readerGrace(Duration.ofSeconds(30)).build();
    entries = new RedisEntries(redis, prefix);
  }

  @AfterEach
  void close() {
    store.close();
    entries.close();
  }

  @Test
  void aPartInTheMiddle_getsOnlyItsChunksFromRedis() throws Exception {
    commit(store, "k", Metadata.builder().build(), LARGE);
    long first = 40L * CHUNK + 1000;
    long count = 2L * CHUNK; // chunks 40, 41 and 42

    try (StoredEntry entry = store.getStream("k")) {
      long gets = admin.calls("get");
      long sent = admin.outputBytes();
      try (InputStream part = ((RangeReadable) entry.body()).openRange(first, count)) {
        assertThat(part.readAllBytes()).isEqualTo(slice(first, count));
      }
      assertThat(admin.calls("get") - gets).as("GETs for the part").isEqualTo(3);
      assertThat(admin.outputBytes() - sent).as("bytes Redis sent for the part")
          .isBetween(3L * CHUNK, 3L * CHUNK + 8 * 1024);
    }
  }

  @Test
  void aPartAtTheStart_isServedFromChunkZero_fetchedAtOpen() throws Exception {
    commit(store, "k", Metadata.builder().build(), LARGE);

    try (StoredEntry entry = store.getStream("k")) {
      long gets = admin.calls("get");
      try (InputStream part = ((RangeReadable) entry.body()).openRange(0, 100)) {
        assertThat(part.readAllBytes()).isEqualTo(slice(0, 100));
      }
      assertThat(admin.calls("get") - gets).as("GETs for the part").isZero();
    }
  }

  @Test
  void aPartAtTheEnd_getsOnlyTheLastChunk() throws Exception {
    commit(store, "k", Metadata.builder().build(), LARGE);

    try (StoredEntry entry = store.getStream("k")) {
      long gets = admin.calls("get");
      try (InputStream part =
          ((RangeReadable) entry.body()).openRange(LARGE.length - 150, 150)) {
        assertThat(part.readAllBytes()).isEqualTo(slice(LARGE.length - 150, 150));
      }
      assertThat(admin.calls("get") - gets).as("GETs for the part").isEqualTo(2);
    }
  }

  @Test
  void chunksGoneOrDamagedOutsideThePart_doNotMatter() throws Exception {
    commit(store, "k", Metadata.builder().build(), LARGE);
    long first = 10L * CHUNK;
    long count = 3L * CHUNK;

    try (StoredEntry entry = store.getStream("k")) {
      for (int i = 1; i < 65; i++) {
        if (i < 10 || i > 12) {
          entries.removeChunk("k", i); // a GET of any of them would fail the read
        }
      }
      try (InputStream part = ((RangeReadable) entry.body()).openRange(first, count)) {
        assertThat(part.readAllBytes()).isEqualTo(slice(first, count));
      }
    }
  }

  @Test
  void aChunkDamagedInsideThePart_failsTheRead_andTheEntryIsRemoved() throws Exception {
    commit(store, "k", Metadata.builder().build(), LARGE);
    entries.flipChunkByte("k", 11);

    try (StoredEntry entry = store.getStream("k");
        InputStream part = ((RangeReadable) entry.body()).openRange(10L * CHUNK, 3L * CHUNK)) {
      assertThatThrownBy(part::readAllBytes).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("chunk 11 of 65 fails its checksum");
    }
    assertAbsent(store, "k");
  }

  @Test
  void aRangedHitThroughTheEngine_getsOnlyThePartsChunks_andTheEntryIsPromotedLater()
      throws Exception {
    Fetcher origin = previous -> {
      throw new IOException("the origin is not asked: the entry is in Redis");
    };
    commit(store, "k", Metadata.builder().cacheTag("\"v1\"").cachedAt(Instant.now())
        .freshFor(Duration.ofHours(1)).build(), LARGE);
    long first = 40L * CHUNK + 1000;
    long count = 2L * CHUNK; // chunks 40, 41 and 42
    try (MemoryStore hot = MemoryStore.builder().capacity(4L << 20).build();
        DaramjweeCache cache = DaramjweeCache.builder().tiers(hot, store)
            .promotionProbation(2, Duration.ofMinutes(1))
            .freshness(Duration.ofHours(1), Duration.ofMinutes(1)).build()) {
      long gets = admin.calls("get");
      try (CacheResponse hit = cache.get("k", origin)) {
        assertThat(hit.tier()).isEqualTo(1);
        assertThat(hit.range(first, count).readAllBytes()).isEqualTo(slice(first, count));
      }
      assertThat(admin.calls("get") - gets).as("GETs: the manifest, chunk 0 and the part's 3")
          .isEqualTo(5);
      assertThat(hot.stat("k")).as("a first hit is on probation").isNull();

      try (CacheResponse second = cache.get("k", origin)) {
        assertThat(second.range(first, count).readAllBytes()).isEqualTo(slice(first, count));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> hot.stat("k") != null);
      try (CacheResponse promoted = cache.get("k", origin)) {
        assertThat(promoted.tier()).isZero();
        assertThat(promoted.body().readAllBytes()).isEqualTo(LARGE);
      }
    }
  }

  @Test
  void anInlineBody_opensAPart() throws Exception {
    byte[] small = body(900);
    commit(store, "small", Metadata.builder().build(), small);

    try (StoredEntry entry = store.getStream("small");
        InputStream part = ((RangeReadable) entry.body()).openRange(300, 400)) {
      assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(small, 300, 700));
    }
  }

  private static byte[] slice(long first, long count) {
    return Arrays.copyOfRange(LARGE, (int) first, (int) (first + count));
  }

  private static byte[] body(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
