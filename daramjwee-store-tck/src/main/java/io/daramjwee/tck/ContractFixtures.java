package io.daramjwee.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.tck.StoreAssertions.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The values and workloads of {@link StoreContractTest}, so each rule there reads in a few lines.
 * Thread-safe: stateless.
 */
final class ContractFixtures {

  static final Metadata OLD = metadata("old");
  static final Metadata NEW = metadata("new");
  static final byte[] OLD_BODY = randomBytes(3, 100);
  static final byte[] NEW_BODY = randomBytes(4, 5_000);

  private ContractFixtures() {}

  /** Realistic metadata, every field set, distinguished by {@code tag}. */
  static Metadata metadata(String tag) {
    return Metadata.builder()
        .cacheTag("\"" + tag + "\"")
        .cachedAt(Instant.parse("2024-05-01T10:15:30.123456789Z"))
        .freshFor(Duration.ofSeconds(60))
        .staleFor(Duration.ofMinutes(5))
        .staleIfError(Duration.ofHours(1))
        .attribute("status", "200")
        .attribute("content-type", "text/plain; charset=utf-8")
        .build();
  }

  static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  static byte[] randomBytes(long seed, int length) {
    return randomBytes(new Random(seed), length);
  }

  /** A writer that has written {@code body} and is still open. */
  static StoreWriter openWrite(Store store, String key, Metadata metadata, byte[] body)
      throws IOException {
    StoreWriter writer = store.setWithWriter(key, metadata);
    writer.write(body);
    return writer;
  }

  interface ThreadTask {
    void run(int thread) throws Exception;
  }

  /**
   * Runs {@code task} on {@code threads} threads released together by a barrier, and rethrows the
   * first failure.
   */
  static void runConcurrently(int threads, ThreadTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          task.run(thread);
          return null;
        }));
      }
      for (Future<?> future : futures) {
        try {
          future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw (Exception) e.getCause();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The calls that end a write. */
  enum Terminal { COMMIT, ABORT, CLOSE }

  /** A body whose every byte, and whose metadata, name {@code writer}: a torn read shows. */
  static Value stampedValue(int writer, int length) {
    byte[] body = new byte[length];
    Arrays.fill(body, (byte) ('A' + writer));
    return new Value(metadata("w").toBuilder()
        .attribute("writer", Integer.toString(writer))
        .attribute("length", Integer.toString(length))
        .build(), body);
  }

  /** Fails unless {@code value} is one whole {@link #stampedValue} of the writer it names. */
  static void assertWhole(Value value) {
    assertThat(value).as("an entry, once any writer committed").isNotNull();
    String writer = value.metadata().attribute("writer");
    byte expected = (byte) ('A' + Integer.parseInt(writer));
    assertThat(value.body()).as("length written by writer %s", writer)
        .hasSize(Integer.parseInt(value.metadata().attribute("length")));
    for (int i = 0; i < value.body().length; i++) {
      if (value.body()[i] != expected) {
        throw new AssertionError("torn read: byte " + i + " is '" + (char) value.body()[i]
            + "' in a body whose metadata names writer " + writer);
      }
    }
  }

  /** Mostly small bodies, one in ten up to 100 KB. */
  static Value randomValue(Random random, int step) {
    int length = random.nextInt(10) == 0 ? random.nextInt(100_000) : random.nextInt(5_000);
    return new Value(metadata("step" + step), randomBytes(random, length));
  }

  /** Every sequence of 1 to {@code length} terminal calls, repetitions included. */
  static List<List<Terminal>> sequencesUpTo(int length) {
    List<List<Terminal>> all = new ArrayList<>();
    List<List<Terminal>> previous = List.of(List.of());
    for (int n = 1; n <= length; n++) {
      List<List<Terminal>> next = new ArrayList<>();
      for (List<Terminal> prefix : previous) {
        for (Terminal call : Terminal.values()) {
          List<Terminal> sequence = new ArrayList<>(prefix);
          sequence.add(call);
          next.add(List.copyOf(sequence));
        }
      }
      all.addAll(next);
      previous = next;
    }
    return all;
  }

  static byte[] concat(byte[] head, InputStream rest) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head);
    rest.transferTo(all);
    return all.toByteArray();
  }
}
