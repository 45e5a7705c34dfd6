package io.daramjwee.bench;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.ehcache.EhcacheStore;
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
 * An {@link EhcacheStore} hit from its heap pool ({@code get}: look up and check the manifest,
 * drain the body into a reused 16 KiB buffer, close): a 4 KiB body lives inline in its manifest,
 * so it is one cache read and a checksum over the manifest; a 1 MiB body is eight 128 KiB chunks,
 * each checked as it streams. The heap pool keeps values by reference, so no bytes are copied on
 * the way but the drain's.
 *
 * <pre>
 * ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec -Dbench.args="EhcacheStoreBenchmark -prof gc"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EhcacheStoreBenchmark {

  private static final Metadata METADATA = Metadata.builder().cacheTag("\"v1\"")
      .attribute("status", "200").attribute("content-type", "application/octet-stream").build();

  @Param({"4096", "1048576"})
  int size;

  private EhcacheStore store;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    byte[] body = new byte[size];
    new Random(42).nextBytes(body);
    store = EhcacheStore.builder().heapSize(64L << 20).build();
    try (StoreWriter writer = store.setWithWriter("hot", METADATA)) {
      writer.write(body);
      writer.commit();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
  }


  @Benchmark
  public long get(ReadBuffer buffer) throws IOException {
    try (StoredEntry entry = store.getStream("hot")) {
      return buffer.drain(entry.body());
    }
  }

}
