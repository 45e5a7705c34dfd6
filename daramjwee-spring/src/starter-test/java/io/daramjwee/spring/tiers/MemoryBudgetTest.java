package io.daramjwee.spring.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.spring.DaramjweeProperties;
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
  void onlyTheHotTiersOnTheHeapClaim_eachByItsOwnProperty() {
    DaramjweeProperties properties = new DaramjweeProperties();
    properties.getHot().getMemory().setCapacity(DataSize.ofMegabytes(10));
    properties.getHot().getEhcache().setHeapSize(DataSize.ofMegabytes(20));

    assertThat(MemoryBudget.onTheHeap(StoreBackend.MEMORY, properties))
        .containsExactly(new Claim("daramjwee.hot.memory.capacity", DataSize.ofMegabytes(10)));
    assertThat(MemoryBudget.onTheHeap(StoreBackend.EHCACHE, properties))
        .containsExactly(new Claim("daramjwee.hot.ehcache.heap-size", DataSize.ofMegabytes(20)));
    assertThat(MemoryBudget.onTheHeap(StoreBackend.FILE, properties)).isEmpty();
    assertThat(MemoryBudget.onTheHeap(null, properties)).isEmpty();
  }

  /** Serial GC's report of -Xmx128m: a few percent short of 128MB, so 64MB is over half. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"MEMORY", "EHCACHE"})
  void aDefaultSizeOverTheShare_isLoweredToFit_inWholeMegabytes(StoreBackend hot) {
    MemoryBudget budget = new MemoryBudget(126_746_624L); // 120.875MB
    DaramjweeProperties properties = new DaramjweeProperties();

    budget.fitDefault(hot, properties, property -> false);

    assertThat(MemoryBudget.onTheHeap(hot, properties).get(0).size())
        .isEqualTo(DataSize.ofMegabytes(60));
    assertThatCode(() -> budget.check(hot, properties)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"MEMORY", "EHCACHE"})
  void aSizeThatWasSet_isNeverLowered_andStillFailsStartup(StoreBackend hot) {
    MemoryBudget budget = new MemoryBudget(126_746_624L);
    DaramjweeProperties properties = new DaramjweeProperties();

    budget.fitDefault(hot, properties, property -> true);

    assertThat(MemoryBudget.onTheHeap(hot, properties).get(0).size())
        .isEqualTo(DataSize.ofMegabytes(64));
    assertThatThrownBy(() -> budget.check(hot, properties))
        .isInstanceOf(InvalidConfigurationPropertyValueException.class);
  }

  @Test
  void aDefaultThatFits_isLeftAlone() {
    DaramjweeProperties properties = new DaramjweeProperties();

    new MemoryBudget(256 * MB).fitDefault(StoreBackend.EHCACHE, properties, property -> false);

    assertThat(properties.getHot().getEhcache().getHeapSize()).isEqualTo(DataSize.ofMegabytes(64));
  }

  @ParameterizedTest(name = "{0} bytes read {1}")
  @CsvSource({"0, 0B", "1048575, 1048575B", "1048576, 1MB", "1572864, 1.5MB", "268435456, 256MB"})
  void sizesReadAsSpringBootSpellsThem(long bytes, String spelled) {
    assertThat(MemoryBudget.format(bytes)).isEqualTo(spelled);
  }
}
