package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.KeyJournal;
import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A single {@code Range} on an entry that only a lower tier holds, over a real Tomcat with a memory
 * hot tier and a file cold tier: the part is read from the cold tier alone and answered 206 with
 * the cold tier named in {@code Cache-Status}; once the entry passed its probation (2 hits within
 * a minute, the default) the whole entry is promoted by a background read, so a resource only ever
 * read in ranges (a video) does not stay cold. That background read verifies the cold file, after
 * which a range from it goes to Tomcat's sendfile, seen by an observer filter outside ours.
 */
class LowerTierRangeScenariosTest extends FilterScenarios {

  private static final int SIZE = 2 << 20;
  private static final byte[] BODY = new byte[SIZE];

  static {
    new Random(16).nextBytes(BODY);
  }

  private final Handoffs handoffs = new Handoffs();
  private KeyJournal hot;
  private FileStore cold;

  @BeforeEach
  void startTwoTiers() throws Exception {
    origin.on("/video", (request, response, call) -> {
      response.setContentType("video/mp4");
      response.setContentLength(SIZE);
      response.getOutputStream().write(BODY);
    });
    hot = new KeyJournal(MemoryStore.builder().capacity(64L << 20).build());
    cold = closeLater(FileStore.builder().directory(dir.resolve("cold")).capacity(64L << 20)
        .build());
    DaramjweeCache cache = cache(hot, cold);
    DaramjweeFilter filter = filter(cache)
        .route(Route.controller("/**", rules("video").maxObjectSize(64L << 20).build())).build();
    server = closeLater(TomcatServer.builder(dir.resolve("tomcat")).filter(filter)
        .observer(handoffs).sendfile(true).servlet("/", origin).start());
    client = server.client();
  }

  @Test
  void rangesOfAColdOnlyEntry_areServedFromTheColdTier_andPromoteItInTheBackground()
      throws Exception {
    String key = fillThenEvictFromTheHotTier();

    Reply first = get("Range", "bytes=1000000-1099999");
    assertPartial(first, 1_000_000, 1_100_000);
    assertThat(first.cacheStatus()).contains("hit").contains("detail=tier1");
    assertThat(hot.stat(key)).as("one hit: on probation, nothing promoted").isNull();

    Reply second = get("Range", "bytes=-5000");
    assertPartial(second, SIZE - 5000, SIZE);
    assertThat(second.cacheStatus()).contains("detail=tier1");

    await().atMost(Duration.ofSeconds(10)).until(() -> hot.stat(key) != null);
    assertThat(stored(key)).as("promoted whole").isEqualTo(BODY);
    Reply third = get("Range", "bytes=0-99");
    assertPartial(third, 0, 100);
    assertThat(third.cacheStatus()).contains("detail=tier0");
    assertThat(origin.calls("/video")).isEqualTo(1);
  }

  @Test
  void rangeOfAColdFileTheBackgroundReadVerified_isHandedToSendfile_andStillPromotes() throws Exception {
    String key = fillThenEvictFromTheHotTier();
    get("Range", "bytes=0-999");
    assertThat(handoffs.last().sent()).as("an unverified file streams").isFalse();
    get("Range", "bytes=1000-1999");
    await().atMost(Duration.ofSeconds(10)).until(() -> hot.stat(key) != null);
    hot.delete(key);

    Reply onProbation = get("Range", "bytes=500000-1499999");
    Handoffs.Handoff onProbationSent = handoffs.last();
    Reply promoting = get("Range", "bytes=0-1999999");
    Handoffs.Handoff promotingSent = handoffs.last();

    assertPartial(onProbation, 500_000, 1_500_000);
    assertThat(onProbation.cacheStatus()).contains("detail=tier1");
    assertThat(onProbationSent.sent()).as("handed to sendfile").isTrue();
    assertThat(onProbationSent.bytes())
        .isEqualTo(Arrays.copyOfRange(BODY, 500_000, 1_500_000));
    assertPartial(promoting, 0, 2_000_000);
    assertThat(promotingSent.sent()).as("sent while its promotion is due").isTrue();
    assertThat(promotingSent.bytes()).isEqualTo(Arrays.copyOf(BODY, 2_000_000));
    await().atMost(Duration.ofSeconds(10)).until(() -> hot.stat(key) != null);
    assertThat(stored(key)).as("promoted in the background").isEqualTo(BODY);
  }

  /** The miss that stores {@code /video} in both tiers, then the hot copy gone as if evicted. */
  private String fillThenEvictFromTheHotTier() throws IOException {
    assertStoredMiss(get());
    List<String> keys = hot.keysWith("/video");
    assertThat(keys).hasSize(1);
    String key = keys.get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> cold.stat(key) != null);
    hot.delete(key);
    return key;
  }

  private Reply get(String... headers) {
    Reply reply = client.get("/video", headers);
    server.awaitIdle();
    return reply;
  }

  private static void assertPartial(Reply reply, int from, int to) {
    assertThat(reply.status()).isEqualTo(HttpServletResponse.SC_PARTIAL_CONTENT);
    assertThat(reply.header("Content-Range"))
        .isEqualTo("bytes " + from + "-" + (to - 1) + "/" + SIZE);
    assertThat(reply.body()).isEqualTo(Arrays.copyOfRange(BODY, from, to));
  }

  private byte[] stored(String key) throws IOException {
    try (StoredEntry entry = hot.getStream(key)) {
      return entry.body().readAllBytes();
    }
  }
}
