package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.ForwardingStore;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Generations: slow fills never overwrite newer writes, and deleted values never come back. */
class ConsistencyTest extends EngineTestSupport {

  @Test
  void staleFillThatFinishesAfterASet_doesNotOverwriteIt() throws Exception {
    CountDownLatch halfRead = new CountDownLatch(1);
    CountDownLatch rest = new CountDownLatch(1);
    TestOrigin origin = TestOrigin.answering((n, prev) -> FetchResult.body(
        CoalescingTest.gated("old ", "value", halfRead, rest), Metadata.ofTag("old")));
    DaramjweeCache cache = cache(memory());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> slowFill = pool.submit(() -> get(cache, "a", origin));
      assertThat(halfRead.await(10, TimeUnit.SECONDS)).isTrue();
      put(cache, "a", "newer value", Metadata.ofTag("new"));
      rest.countDown();

      assertThat(slowFill.get(10, TimeUnit.SECONDS)).isEqualTo("old value");
    } finally {
      pool.shutdown();
    }
    assertThat(get(cache, "a", origin)).isEqualTo("newer value");
    assertThat(cache.stats().fillsAborted()).isEqualTo(1);
  }

  @Test
  void deleteDuringAFill_nothingComesBack() throws Exception {
    CountDownLatch halfRead = new CountDownLatch(1);
    CountDownLatch rest = new CountDownLatch(1);
    Store hot = memory();
    TestOrigin origin = TestOrigin.answering((n, prev) -> FetchResult.body(n == 1
        ? CoalescingTest.gated("deleted ", "value", halfRead, rest)
        : TestOrigin.stream("refetched"), Metadata.ofTag("v" + n)));
    DaramjweeCache cache = cache(hot);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> fill = pool.submit(() -> get(cache, "a", origin));
      assertThat(halfRead.await(10, TimeUnit.SECONDS)).isTrue();
      cache.delete("a");
      rest.countDown();
      assertThat(fill.get(10, TimeUnit.SECONDS)).isEqualTo("deleted value");
    } finally {
      pool.shutdown();
    }
    assertThat(hot.stat("a")).isNull();
    assertThat(get(cache, "a", origin)).isEqualTo("refetched");
  }

  @Test
  void deleteDuringAPromotion_nothingComesBack() throws IOException {
    Store hot = memory();
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);
    put(cache, "a", "value being deleted", Metadata.builder().build());
    await().until(() -> stored(cold, "a") != null);
    hot.delete("a");

    CacheResponse promotion = cache.get("a", TestOrigin.versioned("unused"));
    assertThat(promotion.tier()).isEqualTo(1);
    promotion.body().readNBytes(5);
    cache.delete("a");
    assertThat(read(promotion)).isEqualTo(" being deleted");

    assertThat(hot.stat("a")).isNull();
    assertThat(cold.stat("a")).isNull();
  }

  @Test
  void promotionOfAnOlderLowerTierCopy_losesToANewerCopyLandingBelow() throws Exception {
    Store hot = memory();
    FaultyStore cold = new FaultyStore(memory());
    DaramjweeCache cache = cache(hot, cold);
    put(cache, "a", "older", Metadata.ofTag("w"));
    await().until(() -> "older".equals(stored(cold, "a")));
    CountDownLatch gate = new CountDownLatch(1);
    cold.commitGate = gate;
    put(cache, "a", "newer", Metadata.ofTag("v")); // its copy into cold waits at the gate
    assertThat(cold.commitWaiting.await(10, TimeUnit.SECONDS)).isTrue();
    hot.delete("a"); // as if tier 0 evicted it

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CacheResponse promotion = cache.get("a", TestOrigin.versioned("unused"));
      assertThat(promotion.tier()).isEqualTo(1);
      Future<String> read = pool.submit(() -> read(promotion)); // publishes after the copy lands
      gate.countDown();
      assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("older");
    } finally {
      pool.shutdown();
    }
    assertThat(stored(hot, "a")).isNull();
    assertThat(get(cache, "a", TestOrigin.versioned("unused"))).isEqualTo("newer");
  }

  @Test
  void delete_removesTheLowestTierFirst() throws IOException {
    List<String> order = new CopyOnWriteArrayList<>();
    DaramjweeCache cache = cache(recording("hot", order), recording("cold", order));

    cache.delete("a");

    assertThat(order).containsExactly("cold", "hot");
  }

  @Test
  void concurrentDeletesSetsAndGets_neverReturnCorruptedBytes() throws Exception {
    DaramjweeCache cache = cache(memory(), memory());
    int size = 64 * 1024;
    Fetcher origin = prev -> FetchResult.body(
        new ByteArrayInputStream(uniform((byte) 'o', size)), Metadata.ofTag("o"));
    AtomicBoolean stop = new AtomicBoolean();
    List<String> problems = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      byte fill = (byte) ('a' + w);
      workers.add(pool.submit(() -> {
        for (int i = 0; i < 300 && !stop.get(); i++) {
          try (StoreWriter writer = cache.set("k", Metadata.ofTag("w" + fill))) {
            writer.write(uniform(fill, size));
            writer.commit();
          }
          cache.delete("k");
        }
        return null;
      }));
    }
    for (int r = 0; r < 4; r++) {
      workers.add(pool.submit(() -> {
        for (int i = 0; i < 300; i++) {
          try (CacheResponse resp = cache.get("k", origin)) {
            byte[] body = resp.body().readAllBytes();
            if (body.length != size || !isUniform(body)) {
              problems.add("torn body of " + body.length + " bytes");
            }
          }
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : workers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      pool.shutdown();
    }
    assertThat(problems).isEmpty();
  }

  static byte[] uniform(byte b, int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, b);
    return bytes;
  }

  static boolean isUniform(byte[] body) {
    for (byte b : body) {
      if (b != body[0]) {
        return false;
      }
    }
    return true;
  }

  private static Store recording(String name, List<String> deletes) {
    return new ForwardingStore(memory()) {
      @Override
      public void delete(String key) throws IOException {
        deletes.add(name);
        super.delete(key);
      }
    };
  }
}
