package io.daramjwee.tck;

import static io.daramjwee.tck.ContractFixtures.metadata;
import static io.daramjwee.tck.ContractFixtures.openWrite;
import static io.daramjwee.tck.ContractFixtures.randomBytes;
import static io.daramjwee.tck.ContractFixtures.randomValue;
import static io.daramjwee.tck.ContractFixtures.runConcurrently;
import static io.daramjwee.tck.ContractFixtures.stampedValue;
import static io.daramjwee.tck.ContractFixtures.assertWhole;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static io.daramjwee.tck.StoreAssertions.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.tck.StoreAssertions.Value;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract under load: many threads on many keys and on one key, and a long randomized
 * sequence checked against a model map. Its number of operations follows
 * {@link StoreCapabilities#workloadScale}. Part of {@link StoreContractTest}; a file of its own
 * only to keep the suite readable. Not thread-safe, as the suite: JUnit makes one instance per
 * test.
 */
interface LoadContract {

  /** The store under test, fresh for each test. */
  Store store();

  /** What the store under test declares; here, its workload scale. */
  StoreCapabilities capabilities();

  @Test
  @Timeout(120)
  default void manyThreadsWritingDistinctKeys_loseNoCommit() throws Exception {
    int threads = 8;
    int perThread = capabilities().scaled(250);

    runConcurrently(threads, t -> {
      for (int i = 0; i < perThread; i++) {
        commit(store(), "t" + t + "/" + i, metadata(t + "-" + i),
            randomBytes(t * 1000L + i, i * 7));
      }
    });

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertHolds(store(), "t" + t + "/" + i, metadata(t + "-" + i),
            randomBytes(t * 1000L + i, i * 7));
      }
    }
  }

  @Test
  @Timeout(120)
  default void manyThreadsWritingAndReadingOneKey_neverSeeATornEntry() throws Exception {
    AtomicIntegerArray lastLength = new AtomicIntegerArray(8);
    AtomicInteger lost = new AtomicInteger();
    int reads = 8 * capabilities().scaled(150);

    runConcurrently(8, t -> {
      Random random = new Random(t);
      for (int i = 0, n = capabilities().scaled(150); i < n; i++) {
        Value value = stampedValue(t, 1 + random.nextInt(300_000));
        commit(store(), "contended", value.metadata(), value.body());
        lastLength.set(t, value.body().length);
        Value read = readTolerating(store(), "contended", lost);
        if (read != null) {
          assertWhole(read);
        }
        assertThat(store().stat("contended").attribute("writer")).isNotNull();
      }
    });

    assertThat(lost.get()).as("reads lost to a replace between open and first read")
        .isLessThan(reads / 2);

    Value last = read(store(), "contended");
    assertWhole(last);
    int writer = Integer.parseInt(last.metadata().attribute("writer"));
    assertThat(last.body()).as("the final value is its writer's last commit")
        .hasSize(lastLength.get(writer));
  }

  /**
   * A read of {@code key}; for a store whose reader takes its version at the first read, a read
   * that lost its version to a replace in between is counted in {@code lost} and returns null.
   * Damage is never tolerated.
   */
  private Value readTolerating(Store store, String key, AtomicInteger lost) throws IOException {
    try {
      return read(store, key);
    } catch (CorruptEntryException e) {
      throw e;
    } catch (IOException e) {
      if (!capabilities().versionAtFirstRead()) {
        throw e;
      }
      lost.incrementAndGet();
      return null;
    }
  }

  @Test
  default void randomOperations_agreeWithAModelMap() throws IOException {
    long seed = 20_240_501L;
    Random random = new Random(seed);
    Map<String, Value> model = new HashMap<>();

    for (int step = 0, n = capabilities().scaled(2_000); step < n; step++) {
      String key = "key-" + random.nextInt(20);
      int op = random.nextInt(6);
      String where = "seed " + seed + ", step " + step + ", op " + op + ", key " + key;
      switch (op) {
        case 0, 1 -> {
          Value value = randomValue(random, step);
          commit(store(), key, value.metadata(), value.body());
          model.put(key, value);
        }
        case 2 -> {
          Value value = randomValue(random, step);
          StoreWriter writer = openWrite(store(), key, value.metadata(), value.body());
          if (random.nextBoolean()) {
            writer.abort();
          } else {
            writer.close();
          }
        }
        case 3 -> assertThat(read(store(), key)).as(where).isEqualTo(model.get(key));
        case 4 -> assertThat(store().stat(key)).as(where)
            .isEqualTo(model.containsKey(key) ? model.get(key).metadata() : null);
        default -> {
          store().delete(key);
          model.remove(key);
        }
      }
    }
    for (int k = 0; k < 20; k++) {
      assertThat(read(store(), "key-" + k)).as("seed %d, final key-%d", seed, k)
          .isEqualTo(model.get("key-" + k));
    }
  }
}
