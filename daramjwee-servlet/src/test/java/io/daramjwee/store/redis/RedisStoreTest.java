package io.daramjwee.store.redis;

import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.InvalidSettingException;
import io.daramjwee.Metadata;
import io.daramjwee.StoredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract suite does not cover: the TTLs Redis keeps, entries Redis took away behind
 * the store's back, the reader grace of a replaced version, Redis going away, the builder's
 * checks. Against a real Redis ({@link LocalRedis}), a key prefix per test; a large body in a
 * small heap: {@link RedisLargeObjectSmallHeapTest}.
 */
class RedisStoreTest {

  private static final int CHUNK = 4 * 1024;
  private static final AtomicInteger prefixes = new AtomicInteger();

  private static LocalRedis redis;

  private final String prefix = "t" + prefixes.incrementAndGet() + ":";
  private RedisStore store;
  private RedisEntries entries;

  @BeforeAll
  static void startServer() {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopServer() {
    redis.close();
  }

  @BeforeEach
  void open() throws IOException {
    store = builder().build();
    entries = new RedisEntries(redis, prefix);
  }

  @AfterEach
  void close() {
    store.close();
    entries.close();
  }

  private RedisStoreBuilder builder() {
    return RedisStore.builder().uri(redis.uri()).keyPrefix(prefix).chunkSize(CHUNK)
        .inlineThreshold(1024).readerGrace(Duration.ofSeconds(30));
  }

  @Test
  void theManifestLivesAsLongAsTheEntryCanBeServed_andTheChunksLonger() throws Exception {
    Metadata lifetime = Metadata.builder().freshFor(Duration.ofMinutes(10))
        .staleFor(Duration.ofMinutes(5)).staleIfError(Duration.ofHours(1)).build();
    commit(store, "k", lifetime, body(3 * CHUNK));

    long manifestTtl = entries.manifestTtl("k");
    assertThat(manifestTtl).isBetween(Duration.ofMinutes(69).toMillis(),
        Duration.ofMinutes(70).toMillis());
    String id = entries.manifest("k").writeId();
    for (int i = 0; i < 3; i++) {
      assertThat(entries.chunkTtl(id, i)).as("chunk %d outlives the manifest by the grace", i)
          .isGreaterThan(manifestTtl + Duration.ofSeconds(25).toMillis());
    }
  }

  @Test
  void anEntryWithoutALifetime_livesTheDefaultTtl_andNoneOutlivesTheMaximum() throws Exception {
    try (RedisStore capped = builder().defaultTtl(Duration.ofMinutes(3))
        .maxTtl(Duration.ofMinutes(7)).build()) {
      commit(capped, "plain", Metadata.builder().build(), body(10));
      commit(capped, "long", Metadata.builder().freshFor(Duration.ofDays(3)).build(), body(10));

      assertThat(entries.manifestTtl("plain")).isBetween(Duration.ofMinutes(2).toMillis(),
          Duration.ofMinutes(3).toMillis());
      assertThat(entries.manifestTtl("long")).isBetween(Duration.ofMinutes(6).toMillis(),
          Duration.ofMinutes(7).toMillis());
    }
  }

  @Test
  void anEntryWithNoLifetimeAtAll_livesTheDefaultTtl_toBeRevalidated() throws Exception {
    // A no-cache or max-age=0 response kept for its validators (issue 15): stale at once, but
    // a conditional refresh needs it there, not gone after a second.
    try (RedisStore capped = builder().defaultTtl(Duration.ofMinutes(3)).build()) {
      commit(capped, "no-cache", Metadata.builder().cacheTag("\"v1\"").freshFor(Duration.ZERO)
          .staleFor(Duration.ZERO).staleIfError(Duration.ZERO).build(), body(10));

      assertThat(entries.manifestTtl("no-cache")).isBetween(Duration.ofMinutes(2).toMillis(),
          Duration.ofMinutes(3).toMillis());
    }
  }

  @Test
  void aSlowWrite_extendsItsChunksAtCommit_soTheyOutliveTheManifest() throws Exception {
    Metadata hour = Metadata.builder().freshFor(Duration.ofHours(1)).staleFor(Duration.ZERO)
        .staleIfError(Duration.ZERO).build();
    try (RedisStoreWriter writer = (RedisStoreWriter) store.setWithWriter("k", hour)) {
      writer.write(body(3 * CHUNK));
      // As if the write had taken long: its first chunk is about to expire.
      entries.expireChunk(writer.writeId(), 0, 2_000);
      writer.commit();
      long manifestTtl = entries.manifestTtl("k");
      assertThat(entries.chunkTtl(writer.writeId(), 0)).isGreaterThan(manifestTtl);
    }
    assertHolds(store, "k", hour, body(3 * CHUNK));
  }

  @Test
  void aChunkThatExpiredDuringTheWrite_failsTheCommit_andNothingIsVisible() throws Exception {
    try (RedisStoreWriter writer =
        (RedisStoreWriter) store.setWithWriter("k", Metadata.builder().build())) {
      writer.write(body(3 * CHUNK));
      entries.removeChunkOfWrite(writer.writeId(), 0);
      assertThatThrownBy(writer::commit).isInstanceOf(IOException.class)
          .hasMessageContaining("expired or were evicted during the write");
    }
    assertAbsent(store, "k");
  }

  @Test
  void keysThatAreNotWellFormedUtf16_stayDistinct() throws Exception {
    commit(store, "\uD800x", Metadata.builder().build(), body(10));

    assertHolds(store, "\uD800x", Metadata.builder().build(), body(10));
    assertAbsent(store, "?x");
    assertAbsent(store, "\uDBFFx");
  }

  @Test
  void aStreamReadAfterTheStoreClosed_failsWithAnIOException() throws Exception {
    RedisStore closing = builder().build();
    commit(closing, "k", Metadata.builder().build(), body(3 * CHUNK));
    try (StoredEntry entry = closing.getStream("k")) {
      entry.body().readNBytes(CHUNK); // the first chunk, fetched at open
      closing.close();
      assertThatThrownBy(() -> entry.body().readAllBytes()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aStaleWindowLeftToTheCache_livesAtLeastTheDefaultTtl() throws Exception {
    try (RedisStore store2 = builder().defaultTtl(Duration.ofHours(2)).build()) {
      commit(store2, "k", Metadata.builder().freshFor(Duration.ofMinutes(1)).build(), body(10));
      assertThat(entries.manifestTtl("k")).isGreaterThan(Duration.ofMinutes(119).toMillis());
    }
  }

  @Test
  void aChunkGoneBeforeTheRead_isAMiss_andTheEntryIsRemoved() throws Exception {
    commit(store, "k", Metadata.builder().build(), body(3 * CHUNK));
    entries.removeChunk("k", 1);

    assertThat(store.getStream("k")).isNull();
    assertAbsent(store, "k");
    assertThat(entries.manifestTtl("k")).as("the manifest is gone").isEqualTo(-2);
  }

  @Test
  void aChunkGoneWhileTheBodyStreams_failsThatRead_neverServesWrongBytes() throws Exception {
    commit(store, "k", Metadata.builder().build(), body(3 * CHUNK));
    try (StoredEntry entry = store.getStream("k")) {
      entries.removeChunk("k", 2);
      InputStream in = entry.body();
      assertThatThrownBy(in::readAllBytes).isInstanceOf(CorruptEntryException.class)
          .hasMessageContaining("chunk 2 of 3 is missing");
    }
    assertAbsent(store, "k");
  }

  @Test
  void aReplacedVersionsChunks_liveOnlyTheReaderGrace_andItsReaderFinishes() throws Exception {
    Metadata day = Metadata.builder().freshFor(Duration.ofDays(1)).build();
    byte[] first = body(3 * CHUNK);
    commit(store, "k", day, first);
    String oldId = entries.manifest("k").writeId();
    try (StoredEntry reader = store.getStream("k")) {
      byte[] second = body(2 * CHUNK + 7);
      commit(store, "k", day, second);

      assertThat(entries.chunkTtl(oldId, 0)).isBetween(1L, Duration.ofSeconds(30).toMillis());
      assertThat(reader.body().readAllBytes()).isEqualTo(first);
      assertHolds(store, "k", day, second);
    }
  }

  @Test
  void underMaxmemoryEviction_everyReadIsTheRightBodyOrAMiss() throws Exception {
    try (LocalRedis small = LocalRedis.start("maxmemory 8mb", "maxmemory-policy allkeys-lru",
        "maxmemory-samples 10");
        RedisStore tight = RedisStore.builder().uri(small.uri()).chunkSize(CHUNK)
            .inlineThreshold(512).build()) {
      int keys = 600; // about 15 MiB of bodies into 8 MiB
      int refused = 0;
      for (int i = 0; i < keys; i++) {
        try {
          commit(tight, "k" + i, Metadata.builder().build(), body(i, 6 * CHUNK + i));
        } catch (IOException chunkEvictedDuringItsWrite) {
          // Allowed: Redis's approximated LRU may evict a chunk of the write in progress; the
          // commit finds it gone and publishes nothing.
          assertThat(chunkEvictedDuringItsWrite).hasMessageContaining("evicted during the write");
          refused++;
        }
      }
      assertThat(refused).as("commits refused").isLessThan(keys / 2);
      int hits = 0;
      for (int i = 0; i < keys; i++) {
        try (StoredEntry entry = tight.getStream("k" + i)) {
          if (entry == null) {
            continue;
          }
          try {
            assertThat(entry.body().readAllBytes()).isEqualTo(body(i, 6 * CHUNK + i));
            hits++;
          } catch (CorruptEntryException evictedMidStream) {
            // Allowed: the read fails; wrong bytes are not.
          }
        }
      }
      assertThat(hits).as("some entries survive, so reads were exercised").isPositive()
          .isLessThan(keys);
    }
  }

  @Test
  void redisDown_isAnIOExceptionAtOnce_andTheStoreWorksAgainWhenItReturns() throws Exception {
    try (LocalRedis own = LocalRedis.start();
        RedisStore flaky = RedisStore.builder().uri(own.uri()).build()) {
      commit(flaky, "k", Metadata.builder().build(), body(10));
      own.stop();

      long started = System.nanoTime();
      assertThatThrownBy(() -> flaky.getStream("k")).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> flaky.stat("k")).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> commit(flaky, "k2", Metadata.builder().build(), body(10)))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> flaky.delete("k")).isInstanceOf(IOException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("no command waited for its timeout").isLessThan(Duration.ofSeconds(2));

      own.restart();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .untilAsserted(() -> assertAbsent(flaky, "k")); // restarted empty
      commit(flaky, "k", Metadata.builder().build(), body(10));
      assertHolds(flaky, "k", Metadata.builder().build(), body(10));
    }
  }

  @Test
  void theBuilder_rejectsBadSettingsByName() {
    assertRejects(() -> RedisStore.builder().uri("http://nope"), "uri");
    assertRejects(() -> RedisStore.builder().keyPrefix("a{b}"), "keyPrefix");
    assertRejects(() -> RedisStore.builder().uri(redis.uri()).chunkSize(4096)
        .inlineThreshold(8192).build(), "inlineThreshold");
    assertRejects(() -> RedisStore.builder().build(), "uri");
    assertRejects(() -> RedisStore.builder().readerGrace(Duration.ZERO), "readerGrace");
    assertThatThrownBy(() -> RedisStore.builder().uri("redis://user:secret@127.0.0.1:1")
        .commandTimeout(Duration.ofMillis(500)).build())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> RedisStore.builder().uri("redis://hunter2@127.0.0.1:1")
        .commandTimeout(Duration.ofMillis(500)).build())
        .isInstanceOf(IOException.class).hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisStore.builder().uri("redis://user:pa ss@host"))
        .hasMessageNotContaining("pa ss");
    assertThatThrownBy(() -> RedisStore.builder().maxTtl(Duration.ofDays(400)))
        .isInstanceOf(InvalidSettingException.class);
  }

  @Test
  void aSentinelUri_isTriedAsSentinel_andUnreachableIsAnIOException() {
    assertThatThrownBy(() -> RedisStore.builder()
        .uri("redis-sentinel://127.0.0.1:1,127.0.0.1:2/0#mymaster")
        .commandTimeout(Duration.ofMillis(500)).build())
        .isInstanceOf(IOException.class).hasMessageContaining("cannot connect");
  }

  @Test
  void aDamagedManifest_readsAsAbsent() throws Exception {
    commit(store, "k", Metadata.builder().build(), body(100));
    entries.flipBodyByte("k");
    assertAbsent(store, "k");
    assertThat(entries.manifestTtl("k")).isEqualTo(-2);
  }

  private static void assertRejects(ThrowingCallable call, String setting) {
    assertThatThrownBy(call).isInstanceOfSatisfying(InvalidSettingException.class,
        e -> assertThat(e.setting()).isEqualTo(setting));
  }

  private static byte[] body(int length) {
    return body(length, length);
  }

  private static byte[] body(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
