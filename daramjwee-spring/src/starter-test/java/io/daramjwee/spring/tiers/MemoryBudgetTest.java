package io.daramjwee.spring.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.spring.DaramjweeProperties;
import io.daramjwee.spring.DaramjweeProperties.Eviction;
import io.daramjwee.spring.tiers.MemoryBudget.Claim;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/** {@link MemoryBudget} against a maximum heap given, not this JVM's. */
class MemoryBudgetTest {

  private static final long MB = 1L << 20;

  @ParameterizedTest(name = "{0} of a {1} MB heap: fits {2}")
  @CsvSource({
      "64MB, 128, true",
      "67108865B, 128, false",
      "1MB, 1, false",
      "0B, 1, true",
      "200MB, 256, false",
      "128MB, 256, true",
  })
  void aTierFitsUpToHalfTheMaximumHeap(String size, long heapMb, boolean fits) {
    MemoryBudget budget = new MemoryBudget(heapMb * MB);
    List<Claim> claims = List.of(new Claim("daramjwee.hot.memory.capacity", DataSize.parse(size)));

    if (fits) {
      assertThatCode(() -> budget.check(claims)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> budget.check(claims))
          .isInstanceOf(InvalidConfigurationPropertyValueException.class);
    }
  }

  @Test
  void theFailure_namesThePropertyItsValueTheHeapAndWhatToDo() {
    MemoryBudget budget = new MemoryBudget(256 * MB);

    assertThatThrownBy(() -> budget.check(List.of(
            new Claim("daramjwee.hot.ehcache.heap-size", DataSize.ofMegabytes(200)))))
        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
          assertThat(e.getName()).isEqualTo("daramjwee.hot.ehcache.heap-size");
          assertThat(e.getValue()).isEqualTo(DataSize.ofMegabytes(200));
          assertThat(e.getReason()).contains("daramjwee.hot.ehcache.heap-size=200MB",
              "50% of the maximum heap of 256MB", "-Xmx", "which is 128MB",
              "Lower it to at most 128MB", "at least -Xmx400m", "off-heap-size");
        });
  }

  @Test
  void severalTiers_countTogether_andTheLargestIsNamed() {
    MemoryBudget budget = new MemoryBudget(100 * MB);

    assertThatThrownBy(() -> budget.check(List.of(new Claim("a", DataSize.ofMegabytes(20)),
            new Claim("b", DataSize.ofMegabytes(40)))))
        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
          assertThat(e.getName()).isEqualTo("b");
          assertThat(e.getReason()).contains("a=20MB and b=40MB, 60MB together,");
        });
  }

  @Test
  void anUnboundedHeap_fitsAnything() {
    assertThatCode(() -> new MemoryBudget(Long.MAX_VALUE).check(List.of(
        new Claim("daramjwee.hot.memory.capacity", DataSize.ofTerabytes(1)))))
        .doesNotThrowAnyException();
  }

  @Test
  void theTiersOnTheHeapClaim_eachByItsOwnProperty() {
    DaramjweeProperties properties = new DaramjweeProperties();
    properties.getHot().getMemory().setCapacity(DataSize.ofMegabytes(10));
    properties.getHot().getEhcache().setHeapSize(DataSize.ofMegabytes(20));
    properties.getHot().getFile().setCapacity(DataSize.ofMegabytes(40)); // 10,240 entries
    properties.getCold().getFile().setMaxEntries(1_000L);
    properties.getCold().getFile().setEviction(Eviction.S3_FIFO);

    assertThat(MemoryBudget.onTheHeap(StoreBackend.MEMORY, null, null, properties))
        .containsExactly(new Claim("daramjwee.hot.memory.capacity", DataSize.ofMegabytes(10)));
    assertThat(MemoryBudget.onTheHeap(StoreBackend.EHCACHE, null, null, properties))
        .containsExactly(new Claim("daramjwee.hot.ehcache.heap-size", DataSize.ofMegabytes(20)));
    assertThat(MemoryBudget.onTheHeap(StoreBackend.FILE, null, StoreBackend.FILE, properties))
        .containsExactly(new Claim("daramjwee.hot.file.max-entries", null, 10_240L * 320),
            new Claim("daramjwee.cold.file.max-entries", 1_000L, 1_000L * 512));
    assertThat(MemoryBudget.onTheHeap(null, null, StoreBackend.S3, properties)).isEmpty();
    assertThat(MemoryBudget.onTheHeap(null, StoreBackend.REDIS, null, properties))
        .as("a near cache left off claims nothing").isEmpty();
    properties.getWarm().getRedis().setNearCacheSize(DataSize.ofMegabytes(8));
    assertThat(MemoryBudget.onTheHeap(null, StoreBackend.REDIS, null, properties)).containsExactly(
        new Claim("daramjwee.warm.redis.near-cache-size", DataSize.ofMegabytes(8)));
    assertThat(MemoryBudget.onTheHeap(null, null, null, properties)).isEmpty();
  }

  @Test
  void aFileTiersDefaultIndex_isLoweredIntoTheRoomTheSetTiersLeave() {
    MemoryBudget budget = new MemoryBudget(256 * MB); // the soak's -Xmx256m: a 128MB share
    DaramjweeProperties properties = new DaramjweeProperties();
    properties.getHot().getEhcache().setHeapSize(DataSize.ofMegabytes(64));
    properties.getCold().getFile().setCapacity(DataSize.ofGigabytes(2)); // 524,288 by default

    budget.fitDefault(StoreBackend.EHCACHE, null, StoreBackend.FILE, properties,
        "daramjwee.hot.ehcache.heap-size"::equals);

    assertThat(properties.getCold().getFile().getMaxEntries()).isEqualTo(64 * MB / 320);
    assertThat(properties.getHot().getEhcache().getHeapSize()).isEqualTo(DataSize.ofMegabytes(64));
    assertThatCode(() -> budget.check(StoreBackend.EHCACHE, null, StoreBackend.FILE, properties))
        .doesNotThrowAnyException();
  }

  @Test
  void defaultsAlone_overTheShare_areScaledDownTogether() {
    MemoryBudget budget = new MemoryBudget(128 * MB); // a 64MB share
    DaramjweeProperties properties = new DaramjweeProperties(); // 64MB heap, 1GB cold: 80MB index

    budget.fitDefault(StoreBackend.EHCACHE, null, StoreBackend.FILE, properties,
        property -> false);

    assertThat(properties.getHot().getEhcache().getHeapSize())
        .isEqualTo(DataSize.ofMegabytes(28)); // 64MB x 64/144, down to whole MB
    assertThat(properties.getCold().getFile().getMaxEntries()).isEqualTo(116_508L);
    assertThatCode(() -> budget.check(StoreBackend.EHCACHE, null, StoreBackend.FILE, properties))
        .doesNotThrowAnyException();
  }

  @Test
  void aMaxEntriesThatWasSet_overTheShare_failsStartupNamingIt() {
    MemoryBudget budget = new MemoryBudget(256 * MB);
    DaramjweeProperties properties = new DaramjweeProperties();
    properties.getCold().getFile().setMaxEntries(1_000_000L);

    budget.fitDefault(null, null, StoreBackend.FILE, properties, property -> true);

    assertThat(properties.getCold().getFile().getMaxEntries()).isEqualTo(1_000_000L);
    assertThatThrownBy(() -> budget.check(null, null, StoreBackend.FILE, properties))
        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
          assertThat(e.getName()).isEqualTo("daramjwee.cold.file.max-entries");
          assertThat(e.getValue()).isEqualTo(1_000_000L);
          assertThat(e.getReason()).contains(
              "daramjwee.cold.file.max-entries (1000000 entries, an index of about 305.2MB)",
              "which is 128MB", "320 bytes per entry");
        });
  }

  @Test
  void setTiersAloneOverTheShare_lowerNothing_andFail() {
    MemoryBudget budget = new MemoryBudget(128 * MB);
    DaramjweeProperties properties = new DaramjweeProperties();
    properties.getHot().getEhcache().setHeapSize(DataSize.ofMegabytes(100));

    budget.fitDefault(StoreBackend.EHCACHE, null, StoreBackend.FILE, properties,
        "daramjwee.hot.ehcache.heap-size"::equals);

    assertThat(properties.getCold().getFile().getMaxEntries()).isNull();
    assertThatThrownBy(
            () -> budget.check(StoreBackend.EHCACHE, null, StoreBackend.FILE, properties))
        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
            e -> assertThat(e.getName()).isEqualTo("daramjwee.hot.ehcache.heap-size"));
  }

  /** Serial GC's report of -Xmx128m: a few percent short of 128MB, so 64MB is over half. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"MEMORY", "EHCACHE"})
  void aDefaultSizeOverTheShare_isLoweredToFit_inWholeMegabytes(StoreBackend hot) {
    MemoryBudget budget = new MemoryBudget(126_746_624L); // 120.875MB
    DaramjweeProperties properties = new DaramjweeProperties();

    budget.fitDefault(hot, null, null, properties, property -> false);

    assertThat(MemoryBudget.onTheHeap(hot, null, null, properties).get(0).value())
        .isEqualTo(DataSize.ofMegabytes(60));
    assertThatCode(() -> budget.check(hot, null, null, properties)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"MEMORY", "EHCACHE"})
  void aSizeThatWasSet_isNeverLowered_andStillFailsStartup(StoreBackend hot) {
    MemoryBudget budget = new MemoryBudget(126_746_624L);
    DaramjweeProperties properties = new DaramjweeProperties();

    budget.fitDefault(hot, null, null, properties, property -> true);

    assertThat(MemoryBudget.onTheHeap(hot, null, null, properties).get(0).value())
        .isEqualTo(DataSize.ofMegabytes(64));
    assertThatThrownBy(() -> budget.check(hot, null, null, properties))
        .isInstanceOf(InvalidConfigurationPropertyValueException.class);
  }

  @Test
  void aDefaultThatFits_isLeftAlone() {
    DaramjweeProperties properties = new DaramjweeProperties();

    new MemoryBudget(256 * MB).fitDefault(StoreBackend.EHCACHE, null, null, properties,
        property -> false);

    assertThat(properties.getHot().getEhcache().getHeapSize()).isEqualTo(DataSize.ofMegabytes(64));
  }

  @ParameterizedTest(name = "{0} bytes read {1}")
  @CsvSource({"0, 0B", "1048575, 1048575B", "1048576, 1MB", "1572864, 1.5MB", "268435456, 256MB"})
  void sizesReadAsSpringBootSpellsThem(long bytes, String spelled) {
    assertThat(MemoryBudget.format(bytes)).isEqualTo(spelled);
  }
}
