package io.daramjwee.store.ehcache;

import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@link EhcacheStoreBuilder}: each bad setting fails at once, naming itself and its value. */
class EhcacheStoreBuilderTest extends EhcacheStoreSupport {

  private static final URL XML = EhcacheStoreBuilderTest.class.getResource("/ehcache/ehcache.xml");
  private static final Path DIR = Path.of("unused");
  /** The heap pool of the XML's cache "responses". */
  private static final long XML_HEAP_ENTRIES = 64;

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("heapSize must be positive: 0", b -> b.heapSize(0)),
        bad("offHeapSize must be positive: -1", b -> b.offHeapSize(-1)),
        bad("diskSize must be positive: 0", b -> b.diskSize(0)),
        bad("chunkSize must be between 4096 and 4194304: 4095", b -> b.chunkSize(4095)),
        bad("chunkSize must be between 4096 and 4194304: 4194305", b -> b.chunkSize(4194305)),
        bad("inlineThreshold must not be negative: -1", b -> b.inlineThreshold(-1)),
        bad("maxPinnedBytes must not be negative: -1", b -> b.maxPinnedBytes(-1)),
        bad("alias must not be empty", b -> b.xmlConfiguration(XML, "")),
        bad("heapSize is required", b -> b),
        bad("heapSize (4096) must hold at least one chunk (chunkSize 8192)",
            b -> b.heapSize(4096).chunkSize(8192)),
        bad("inlineThreshold (9000) must not exceed chunkSize (8192)",
            b -> b.heapSize(1 << 20).chunkSize(8192).inlineThreshold(9000)),
        bad("offHeapSize (1048576) must exceed heapSize (1048576)",
            b -> b.heapSize(1 << 20).offHeapSize(1 << 20)),
        bad("diskSize (2097152) must exceed heapSize (2097152)",
            b -> b.heapSize(2 << 20).diskSize(2 << 20).directory(DIR)),
        bad("diskSize (4194304) must exceed offHeapSize (8388608)",
            b -> b.heapSize(1 << 20).offHeapSize(8 << 20).diskSize(4 << 20).directory(DIR)),
        bad("directory is required with diskSize (8388608)",
            b -> b.heapSize(1 << 20).diskSize(8 << 20)),
        bad("directory (unused) is set but diskSize is not", b -> b.heapSize(1 << 20).directory(DIR)),
        bad("heapSize cannot be combined with xmlConfiguration",
            b -> b.xmlConfiguration(XML, "responses").heapSize(1 << 20)),
        bad("declares no cache 'missing'; it declares [", b -> b.xmlConfiguration(XML, "missing")),
        bad("cache 'counters' in " + XML + " must declare key-type java.lang.String and value-type"
            + " [B (byte[]), not java.lang.String and java.lang.Long",
            b -> b.xmlConfiguration(XML, "counters")));
  }

  private static Arguments bad(String message, UnaryOperator<EhcacheStoreBuilder> settings) {
    return Arguments.of(message, settings);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void badSetting_failsWithIllegalArgumentException_namingTheSettingAndValue(String message,
      UnaryOperator<EhcacheStoreBuilder> settings) {
    assertThatThrownBy(() -> settings.apply(EhcacheStore.builder()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void xmlConfiguration_ofAStringToByteArrayCache_storesAndStreamsChunkedBodies()
      throws Exception {
    EhcacheStore store = track(EhcacheStore.builder().xmlConfiguration(XML, "responses")
        .chunkSize(CHUNK).build());
    byte[] body = bytes(1, 5 * CHUNK + 17);

    commit(store, "k", MD, body);
    commit(store, "small", MD, bytes(2, 10));

    assertHolds(store, "k", MD, body);
    assertHolds(store, "small", MD, bytes(2, 10));
    assertThat(EhcacheEntries.chunkEntries(store)).isEqualTo(6);
    assertThat(store.toString()).contains("cache=responses");
  }

  @Test
  void defaultInlineThreshold_shrinksToASmallerChunkSize() throws Exception {
    EhcacheStore store = track(EhcacheStore.builder().heapSize(1 << 20).chunkSize(4096).build());

    assertThat(store.toString()).contains("chunkSize=4096, inlineThreshold=4096");
  }

  @Test
  void defaultMaxPinnedBytes_isTheHeapPoolsBytes_orTheXmlHeapPoolsEntriesTimesTheChunkSize() {
    EhcacheStore sized = track(EhcacheStore.builder().heapSize(3 << 20).build());
    EhcacheStore xml = track(EhcacheStore.builder().xmlConfiguration(XML, "responses")
        .chunkSize(CHUNK).build());
    EhcacheStore set = track(EhcacheStore.builder().heapSize(3 << 20).maxPinnedBytes(0).build());

    assertThat(sized.toString()).contains("maxPinnedBytes=" + (3 << 20));
    assertThat(xml.toString()).contains("maxPinnedBytes=" + XML_HEAP_ENTRIES * CHUNK);
    assertThat(set.toString()).contains("maxPinnedBytes=0");
  }
}
