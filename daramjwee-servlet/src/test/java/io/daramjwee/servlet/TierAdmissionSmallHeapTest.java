package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.LargeBodies;
import io.daramjwee.testing.TestClient.Streamed;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The report of issue 16, in the 64 MiB heap of the {@code small-heap} surefire execution: a
 * controller streams a 256 MiB report through a cache whose hot tier is a 64 MB memory store
 * (admitting 8 MB, an eighth) in front of a file cold tier, with a route whose max-object-size
 * lets it be stored. The first GET stores it in the cold tier (the hot tier refused it before,
 * and nothing was stored anywhere); the second is a hit from the cold tier; the controller runs
 * once. With a declared {@code Content-Length} the fill goes straight to the cold tier; without
 * one it starts in the hot tier and spills into the cold tier when it outgrows it, in the same
 * pass. Buffering the body anywhere (the memory tier included) would throw OutOfMemoryError.
 */
class TierAdmissionSmallHeapTest extends FilterScenarios {

  private static final long SIZE = 256L << 20;
  private static final long HEAP_LIMIT = 64L << 20;
  private static final long SEED = 16;
  private static final Duration TRANSFER = Duration.ofMinutes(2);

  @Test
  void report256MiB_withContentLength_isStoredInTheColdTier_andServedFromIt() throws Exception {
    assertStoredColdAndServedCold(true);
  }

  @Test
  void report256MiB_ofUnknownLength_spillsIntoTheColdTier_andIsServedFromIt() throws Exception {
    assertStoredColdAndServedCold(false);
  }

  private void assertStoredColdAndServedCold(boolean declared) throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test proves something only in a small"
        + " heap: run it in the small-heap surefire execution").isLessThanOrEqualTo(HEAP_LIMIT);
    long expected = LargeBodies.patternCrc(SEED, SIZE);
    MemoryStore hot = MemoryStore.builder().capacity(64L << 20).build();
    FileStore cold = closeLater(FileStore.builder().directory(dir.resolve("cold"))
        .capacity(8L << 30).build());
    origin.on("/report", (request, response, call) -> {
      response.setContentType("application/pdf");
      if (declared) {
        response.setContentLengthLong(SIZE);
      }
      try (OutputStream out = response.getOutputStream();
          InputStream body = LargeBodies.pattern(SEED, SIZE)) {
        body.transferTo(out);
      }
    });
    start(filter(closeLater(DaramjweeCache.builder().tiers(hot, cold)
            .tierNames("hot", "cold").clock(clock)
            .freshness(Duration.ofSeconds(60), Duration.ofSeconds(10))
            .worker(2, 64, Duration.ofSeconds(30)).closeTimeout(TRANSFER).build()))
        .route(Route.controller("/report", rules("report").maxObjectSize(4L << 30).build()))
        .build(), origin);

    Streamed miss = client.crc("/report", TRANSFER);
    server.awaitIdle();

    assertThat(miss.status()).isEqualTo(200);
    Member missStatus = Member.parse(miss.header("Cache-Status"), "the miss");
    assertThat(missStatus.forward()).isEqualTo("miss");
    assertThat(missStatus.has("stored")).isTrue();
    assertThat(miss.length()).isEqualTo(SIZE);
    assertThat(miss.crc32c()).isEqualTo(expected);
    assertThat(cold.entryCount()).as("stored in the cold tier").isEqualTo(1);
    assertThat(hot.entryCount()).as("the hot tier does not admit it").isZero();

    Streamed hit = client.crc("/report", TRANSFER);

    assertThat(hit.status()).isEqualTo(200);
    assertThat(hit.header("Cache-Status")).startsWith("daramjwee; hit;")
        .endsWith("detail=cold");
    assertThat(hit.header("Content-Length")).isEqualTo(Long.toString(SIZE));
    assertThat(hit.length()).isEqualTo(SIZE);
    assertThat(hit.crc32c()).isEqualTo(expected);
    assertThat(origin.calls("/report")).isEqualTo(1);
  }
}
