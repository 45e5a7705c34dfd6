package io.daramjwee.bench;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.bench.FilterHitServer.RedisProcess;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.store.redis.RedisStore;
import java.io.IOException;
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
 * A {@link RedisStore} hit on a real Redis on loopback ({@link LocalRedis}), read as
 * {@code EhcacheStoreBenchmark} reads its heap hits: look up and check the manifest, drain the
 * body into a reused 16 KiB buffer, close. A body up to 16 KiB lives inline in its manifest (one
 * {@code GET}); a larger one is 128 KiB chunks (a {@code GET} of the manifest, one {@code EXISTS}
 * over its chunks, a {@code GET} per chunk). Beside the Ehcache figures at the same sizes, what a
 * shared tier costs over a local one, per store read; the HTTP hit adds the same to both. The
 * environment variable {@code REDIS_SERVER} names another redis-server binary to run instead of
 * the embedded one, as for {@link FilterHitServer}. {@code nearCacheSize} (default 0, off) gives
 * the store a near cache: then a repeated hit of an inline body is answered from the heap.
 *
 * <pre>
 * ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec -Dbench.args="RedisStoreBenchmark"
 * ./mvnw -q -pl daramjwee-servlet -Pbench exec:exec \
 *     -Dbench.args="RedisStoreBenchmark -p size=1024,16384 -p nearCacheSize=0,33554432"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RedisStoreBenchmark {

  private static final Metadata METADATA = Metadata.builder().cacheTag("\"v1\"")
      .attribute("status", "200").attribute("content-type", "application/octet-stream").build();

  @Param({"1024", "16384", "1048576"})
  int size;

  @Param({"0"})
  long nearCacheSize;

  private RedisProcess redis;
  private RedisStore store;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    byte[] body = new byte[size];
    new Random(42).nextBytes(body);
    redis = RedisProcess.start();
    store = RedisStore.builder().uri(redis.uri()).nearCacheSize(nearCacheSize).build();
    try (StoreWriter writer = store.setWithWriter("warm", METADATA)) {
      writer.write(body);
      writer.commit();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    redis.stop();
  }

  @Benchmark
  public long get(ReadBuffer buffer) throws IOException {
    try (StoredEntry entry = store.getStream("warm")) {
      return buffer.drain(entry.body());
    }
  }
}
