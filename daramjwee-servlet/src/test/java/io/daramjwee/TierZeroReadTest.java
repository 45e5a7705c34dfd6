package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.ForwardingStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How often a miss reads tier 0: once, unless something was published between that read and the
 * ticket, and then again under the ticket, so the value published meanwhile is served, not
 * fetched. The store counts the reads and, in the second test, publishes at the moment the race
 * needs (an interleaving forced through a wrapper around a real memory store).
 */
class TierZeroReadTest extends EngineTestSupport {

  @Test
  void aMiss_readsTierZeroOnce_whenNothingWasPublishedMeanwhile() throws IOException {
    ReadCountingStore hot = new ReadCountingStore(memory());
    Store cold = memory();
    DaramjweeCache cache = cache(hot, cold);
    TestOrigin origin = TestOrigin.versioned("page");

    assertThat(get(cache, "a", origin)).isEqualTo("page v1");
    // The copy into the cold tier reads tier 0 on a worker; wait for it, so its read is always
    // made before the count is taken, and never counted.
    await().atMost(Duration.ofSeconds(10)).until(() -> stored(cold, "a") != null);

    assertThat(hot.reads.get()).as("tier-0 reads of the miss").isEqualTo(1);
    assertThat(origin.calls()).isEqualTo(1);
  }

  @Test
  void anEntryWithExpiredFreshness_isReadAgainUnderTheTicket_andRevalidated() throws IOException {
    ReadCountingStore hot = new ReadCountingStore(memory());
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.versioned("page");
    get(cache, "a", origin);
    clock.advance(FRESH.plusSeconds(1));
    hot.reads.set(0);

    assertThat(get(cache, "a", origin)).isEqualTo("page v2");

    assertThat(hot.reads.get()).as("the hot read, and the re-read that notes the expired entry")
        .isEqualTo(2);
    assertThat(origin.previous).last().extracting(Metadata::cacheTag).isEqualTo("v1");
  }

  @Test
  void aValuePublishedBetweenTheTierZeroReadAndTheTicket_isServed_withoutTheOrigin()
      throws IOException {
    ReadCountingStore hot = new ReadCountingStore(memory());
    DaramjweeCache cache = cache(hot);
    hot.afterFirstMiss = () -> put(cache, "a", "set meanwhile", Metadata.ofTag("s1"));
    TestOrigin origin = TestOrigin.versioned("origin");

    CacheResponse answer = cache.get("a", origin);

    assertThat(answer.tier()).isZero();
    assertThat(read(answer)).isEqualTo("set meanwhile");
    assertThat(origin.calls()).isZero();
    assertThat(hot.reads.get()).isEqualTo(2);
  }

  @Test
  void aFailingTierZeroRead_isCountedOnce_andTheMissGoesOn() throws IOException {
    FaultyStore hot = new FaultyStore(memory());
    hot.failReads.set(true);
    DaramjweeCache cache = cache(hot);
    TestOrigin origin = TestOrigin.versioned("page");

    assertThat(get(cache, "a", origin)).isEqualTo("page v1");

    assertThat(cache.stats().storeErrors()).isEqualTo(1);
    assertThat(origin.calls()).isEqualTo(1);
  }

  /**
   * A real store that counts the reads of entries made on the thread that created it (the test's,
   * which makes the requests), and can act once right after a miss. Reads on other threads are
   * the background work's: after a fill, the copy into the tiers below reads tier 0 on a worker,
   * whenever that worker runs.
   */
  private static final class ReadCountingStore extends ForwardingStore {
    final AtomicInteger reads = new AtomicInteger();
    private final Thread requester = Thread.currentThread();
    volatile IoAction afterFirstMiss;

    ReadCountingStore(Store delegate) {
      super(delegate);
    }

    @Override
    public StoredEntry getStream(String key) throws IOException {
      if (Thread.currentThread() == requester) {
        reads.incrementAndGet();
      }
      StoredEntry entry = super.getStream(key);
      IoAction action = afterFirstMiss;
      if (entry == null && action != null) {
        afterFirstMiss = null;
        action.run();
      }
      return entry;
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
