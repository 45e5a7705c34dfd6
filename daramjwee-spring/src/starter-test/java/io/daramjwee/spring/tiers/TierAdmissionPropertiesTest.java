package io.daramjwee.spring.tiers;

import static io.daramjwee.spring.TierTestSupport.set;
import static io.daramjwee.spring.TierTestSupport.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.FetchResult;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.spring.DaramjweeTiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code daramjwee.<tier>.max-entry-size} and {@code daramjwee.promotion.*} bind and reach the
 * cache: a value too large for the hot tier is stored in the cold tier, by the property or by the
 * default (an eighth of an upper tier's capacity), and a cold entry is promoted after the
 * configured number of hits. Bad values fail startup naming the property
 * ({@link DaramjweeAutoConfigurationBadValuesTest}).
 */
class TierAdmissionPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class));

  @TempDir
  Path directory;

  private String[] memoryAndFile(String... more) {
    String[] base = {"daramjwee.hot.type=memory", "daramjwee.hot.memory.capacity=1MB",
        "daramjwee.cold.type=file", "daramjwee.cold.file.directory=" + directory,
        "daramjwee.cold.file.capacity=64MB"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void maxEntrySizes_bind_andAValueTooLargeForTheHotTierIsStoredCold() {
    runner.withPropertyValues(memoryAndFile("daramjwee.hot.max-entry-size=4KB",
        "daramjwee.cold.max-entry-size=32MB")).run(context -> {
          DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
          assertThat(tiers.maxEntrySizes()).containsExactly(4096, 32L << 20);
          DaramjweeCache cache = context.getBean(DaramjweeCache.class);

          set(cache, "small", "x".repeat(4096));
          set(cache, "large", "x".repeat(4097));

          assertThat(stored(hot(tiers), "small")).hasSize(4096);
          assertThat(hot(tiers).stat("large")).isNull();
          assertThat(stored(cold(tiers), "large")).hasSize(4097);
        });
  }

  @Test
  void unsetMaxEntrySize_isAnEighthOfTheHotTiersCapacity() {
    runner.withPropertyValues(memoryAndFile()).run(context -> {
      DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
      assertThat(tiers.maxEntrySizes()).as("left to the cache's default").containsExactly(-1, -1);
      DaramjweeCache cache = context.getBean(DaramjweeCache.class);

      set(cache, "eighth", "x".repeat(128 * 1024));
      set(cache, "more", "x".repeat(128 * 1024 + 1));

      assertThat(stored(hot(tiers), "eighth")).hasSize(128 * 1024);
      assertThat(hot(tiers).stat("more")).isNull();
      assertThat(stored(cold(tiers), "more")).hasSize(128 * 1024 + 1);
    });
  }

  @Test
  void unsetMaxEntrySize_ofAnEhcacheHotTier_comesFromItsLargestPool() {
    runner.withPropertyValues("daramjwee.hot.ehcache.heap-size=16MB",
        "daramjwee.cold.type=file", "daramjwee.cold.file.directory=" + directory)
        .run(context -> assertThat(context.getBean(DaramjweeTiers.class).maxEntrySizes())
            .containsExactly(2L << 20, -1));
    runner.withPropertyValues("daramjwee.hot.ehcache.heap-size=16MB")
        .run(context -> assertThat(context.getBean(DaramjweeTiers.class).maxEntrySizes())
            .as("the last tier admits what its store holds").containsExactly(16L << 20));
  }

  @Test
  void probationHits_promoteAColdEntryAfterThatManyHits() {
    runner.withPropertyValues(memoryAndFile("daramjwee.promotion.probation-hits=3"))
        .run(context -> {
          DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
          DaramjweeCache cache = context.getBean(DaramjweeCache.class);
          writeCold(cold(tiers), "k");

          assertThat(tierOf(cache, "k")).isEqualTo(1);
          assertThat(tierOf(cache, "k")).isEqualTo(1);
          assertThat(hot(tiers).stat("k")).as("two hits of three").isNull();
          assertThat(tierOf(cache, "k")).isEqualTo(1);
          assertThat(tierOf(cache, "k")).as("promoted by the third").isZero();
        });
  }

  @Test
  void probationByDefault_promotesOnTheSecondHit() {
    runner.withPropertyValues(memoryAndFile()).run(context -> {
      DaramjweeTiers tiers = context.getBean(DaramjweeTiers.class);
      DaramjweeCache cache = context.getBean(DaramjweeCache.class);
      writeCold(cold(tiers), "k");

      assertThat(tierOf(cache, "k")).isEqualTo(1);
      assertThat(hot(tiers).stat("k")).isNull();
      assertThat(tierOf(cache, "k")).isEqualTo(1);
      assertThat(tierOf(cache, "k")).isZero();
    });
  }

  private static Store hot(DaramjweeTiers tiers) {
    return tiers.tiers().get(0).store();
  }

  private static Store cold(DaramjweeTiers tiers) {
    return tiers.tiers().get(1).store();
  }

  /** Writes an entry into the cold store directly, as a restart would find it. */
  private static void writeCold(Store cold, String key) throws IOException {
    try (StoreWriter w = cold.setWithWriter(key,
        Metadata.builder().cacheTag("\"c\"").cachedAt(java.time.Instant.now()).build())) {
      w.write(new byte[] {1, 2, 3});
      w.commit();
    }
  }

  private static int tierOf(DaramjweeCache cache, String key) throws IOException {
    try (CacheResponse r = cache.get(key,
        previous -> FetchResult.body(InputStream.nullInputStream(), Metadata.ofTag("o")))) {
      r.body().readAllBytes();
      return r.tier();
    }
  }
}
