package io.daramjwee.bench;

import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.store.memory.MemoryStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's own cost on {@link MemoryStore}: a fresh tier-0 hit (the hot path) and a miss that
 * tees the origin body into tier 0 and publishes it. The body is drained into a reused buffer, so
 * what {@code -prof gc} reports per operation is the engine's allocation, not a body copy.
 *
 * <pre>
 * ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec -Dbench.args="EngineBenchmark -prof gc"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {

  @Param({"4096", "1048576"})
  int size;

  private DaramjweeCache cache;
  private byte[] body;
  private Fetcher origin;
  private long missKeys;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    body = new byte[size];
    new Random(42).nextBytes(body);
    origin = previous -> FetchResult.body(new ByteArrayInputStream(body), Metadata.ofTag("v1"));
    cache = DaramjweeCache.builder()
        .tiers(MemoryStore.builder().capacity(256L << 20).build())
        .freshness(Duration.ofDays(1), Duration.ofDays(1))
        .build();
    drain(cache.get("hot", origin), new ReadBuffer());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  @Benchmark
  public long hit(ReadBuffer buffer) throws IOException {
    return drain(cache.get("hot", origin), buffer);
  }

  @Benchmark
  public long miss(ReadBuffer buffer) throws IOException {
    return drain(cache.get("miss-" + (missKeys++), origin), buffer);
  }

  private static long drain(CacheResponse response, ReadBuffer buffer) throws IOException {
    try (response; InputStream in = response.body()) {
      return buffer.drain(in);
    }
  }
}
