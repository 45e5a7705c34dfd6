package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.CacheStats;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.TestClient.Reply;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stale storm on a worker too small for it: one thread, a queue of 4, refreshes that hang at
 * the origin until the test lets them go, and 40 stale keys requested at once, round after round.
 * Every request is answered at once with the stale entry, the refreshes beyond the 5 the worker
 * holds are dropped and counted, and nothing accumulates: the scenario runs in the 64 MiB
 * small-heap execution (hence the file name), and the heap retained after a full GC may not grow
 * by more than {@value #RETAINED_BOUND_MIB} MiB over rounds 2 to 8, where a dropped refresh
 * that kept its entry's body would retain 35 x 64 KiB a round, 15 MiB in all. And a dropped
 * refresh must not leave its key marked as refreshing: every stale hit either schedules a refresh
 * or counts a drop, round after round. A real fault on a real worker; nothing is injected but
 * the slowness.
 */
class WorkerOverflowReliabilitySmallHeapTest extends ReliabilityScenarios {

  private static final Logger LOG =
      LoggerFactory.getLogger(WorkerOverflowReliabilitySmallHeapTest.class);
  private static final int KEYS = 40;
  private static final int ROUNDS = 8; // 8 x 61 s stays inside the 10 min stale window
  private static final int BODY = 64 * 1024;
  private static final long RETAINED_BOUND_MIB = 6;
  private static final Duration PROMPT = Duration.ofSeconds(2);

  @Test
  void staleStormOnAFullWorkerQueue_answersAtOnce_dropsRefreshes_andRetainsNothing()
      throws Exception {
    origin = new BodyOrigin(BODY);
    start(1, 4, MemoryStore.builder().capacity(8L << 20).build());
    for (int i = 0; i < KEYS; i++) {
      getFromOrigin(item(i));
    }
    ExecutorService clients = Executors.newFixedThreadPool(KEYS);
    closeLater(clients::shutdownNow);
    long baseline = 0;
    long slowest = 0;

    for (int round = 0; round < ROUNDS; round++) {
      if (round == 2) {
        baseline = retainedHeap(); // after the first rounds warmed every path up
      }
      CountDownLatch gate = new CountDownLatch(1);
      origin.holdRepeatCalls(gate);
      clock.advance(FRESH.plusSeconds(1));

      slowest = Math.max(slowest, staleStorm(clients));

      gate.countDown();
      await("round " + round + "'s refreshes done").until(() -> origin.totalCalls()
          == KEYS + cache.stats().refreshesScheduled() && cache.stats().workerQueueDepth() == 0);
    }
    long retained = retainedHeap() - baseline;

    CacheStats stats = cache.stats();
    assertThat(stats.jobsDropped()).isPositive();
    assertThat(stats.jobsDropped() + stats.refreshesScheduled()).as("every stale hit asked")
        .isEqualTo((long) ROUNDS * KEYS);
    assertThat(retained).as("heap retained over the rounds")
        .isLessThan(RETAINED_BOUND_MIB << 20);
    LOG.info("figures: {} rounds of {} stale hits; slowest answer {} ms; refreshes run {},"
        + " dropped {}; heap retained over rounds 2-{}: {} KiB", ROUNDS, KEYS, slowest,
        stats.refreshesScheduled(), stats.jobsDropped(), ROUNDS, retained >> 10);
  }

  /** Requests every key at once; each must be a prompt stale hit. Returns the slowest in ms. */
  private long staleStorm(ExecutorService clients) throws Exception {
    List<Future<Long>> answers = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      String path = item(i);
      answers.add(clients.submit(() -> {
        long start = System.nanoTime();
        Reply reply = client.send(client.request(path).timeout(PROMPT).GET());
        assertFromOrigin(reply, path);
        assertThat(isHit(reply)).as("a stale hit: %s", reply.cacheStatus()).isTrue();
        return (System.nanoTime() - start) / 1_000_000;
      }));
    }
    long slowest = 0;
    for (Future<Long> answer : answers) {
      slowest = Math.max(slowest, answer.get());
    }
    return slowest;
  }

  /** Heap in use after full collections: what is still reachable. */
  private static long retainedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
