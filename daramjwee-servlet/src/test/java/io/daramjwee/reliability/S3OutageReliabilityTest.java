package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.StoredEntry;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.store.s3.S3Server;
import io.daramjwee.store.s3.S3Store;
import io.daramjwee.testing.KeyJournal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cold tier's service goes away mid-run and comes back: a real s3proxy (in this JVM, over a
 * directory) is stopped under a steady stream of requests and started again on the same port
 * with the same data, a real fault. Half the requests repeat a few keys (hits in the memory hot
 * tier), half ask for a key never seen before (a read of S3, then the origin, then a copy into
 * S3), so S3 is called all the time. While S3 is down every request is still answered
 * 200 with the origin's bytes, from the hot tier or the origin, and the failed S3 calls are
 * counted as errors of tier 1; once it is back, new entries reach S3 again, as a separate S3
 * client reading the bucket directly sees.
 */
class S3OutageReliabilityTest extends ReliabilityScenarios {

  private static final Logger LOG = LoggerFactory.getLogger(S3OutageReliabilityTest.class);
  private static final int KEYS = 12;
  private static final String PREFIX = "reliability/";

  @Test
  void s3StoppedUnderLoad_everyRequestAnswers200_errorsCounted_andColdWritesResume()
      throws Exception {
    S3Server s3 = closeLater(S3Server.start(Files.createDirectory(dir.resolve("s3"))));
    KeyJournal cold = closeLater(new KeyJournal(s3.storeBuilder().keyPrefix(PREFIX)
        .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2)).build()));
    start(MemoryStore.builder().capacity(64L << 20).build(), cold);
    SteadyLoad load = closeLater(new SteadyLoad(client, 2,
        n -> n % 2 == 0 ? item(n % KEYS) : "/item/new-" + n, origin::expected));
    await("keys in S3").until(() -> s3.raw().listObjectsV2(b -> b.bucket(S3Server.BUCKET)
        .prefix(PREFIX)).keyCount() >= KEYS);

    s3.stop();
    long errors = tierErrors();
    long answered = load.answered();
    long stoppedAt = System.nanoTime();
    await("S3 failures counted under load").atMost(Duration.ofSeconds(30))
        .until(() -> tierErrors() >= errors + 20 && load.answered() >= answered + 50);
    long outageRequests = load.answered() - answered;
    long outageErrors = tierErrors() - errors;

    s3.restart();
    long restartedAt = System.nanoTime();
    // Copies to S3 queued during the outage were dropped once the worker queue filled (counted);
    // the ones still queued now go through. New keys are asked for once that backlog is gone.
    await("the worker's backlog drained").atMost(Duration.ofSeconds(30))
        .until(() -> cache.stats().workerQueueDepth() == 0);
    for (int i = 0; i < 3; i++) {
      getFromOrigin("/item/after-restart-" + i);
    }
    try (S3Store direct = s3.storeBuilder().keyPrefix(PREFIX).build()) {
      await("new entries in S3").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (int i = 0; i < 3; i++) {
          String path = "/item/after-restart-" + i;
          List<String> keys = cold.keysWith(path);
          assertThat(keys).as("cold writes of %s", path).isNotEmpty();
          assertThat(body(direct, keys.get(0))).as("%s read from S3", path)
              .isEqualTo(origin.expected(path));
        }
      });
    }
    long recovered = System.nanoTime();
    load.close();

    assertThat(load.failures()).as("replies other than the origin's 200").isEmpty();
    LOG.info("figures: {} requests in all; while S3 was down ({} ms): {} requests, {} tier-1"
        + " errors counted; after restart, new entries in S3 within {} ms; jobs dropped {}",
        load.answered(), (restartedAt - stoppedAt) / 1_000_000, outageRequests, outageErrors,
        (recovered - restartedAt) / 1_000_000, cache.stats().jobsDropped());
  }

  private long tierErrors() {
    return cache.stats().tierErrors().get(1);
  }

  private static byte[] body(S3Store store, String key) throws Exception {
    try (StoredEntry entry = store.getStream(key)) {
      return entry == null ? null : entry.body().readAllBytes();
    }
  }
}
