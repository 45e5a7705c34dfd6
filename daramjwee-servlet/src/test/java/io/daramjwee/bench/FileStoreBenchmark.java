package io.daramjwee.bench;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.file.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@link FileStore} against the plain file system doing the same work, its ceiling: a hit
 * ({@code get}: open, check, drain the body into a reused 16 KiB buffer, close) beside reading
 * the same number of bytes from a plain file through {@code Files.newInputStream}, as
 * {@code Files.copy} does; a write ({@code set}: temp file, frame, checksum, rename, index) beside
 * writing a plain file of the body's size, both without and with fsync. With fsync the store
 * forces the file, then its directory so that the rename survives a crash; the ceiling forces only
 * the file, so the difference is the price of the second flush. Files live in the default temp
 * directory, so reads come from the page cache.
 *
 * <pre>
 * ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec -Dbench.args="FileStoreBenchmark -prof gc"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FileStoreBenchmark {

  private static final Metadata METADATA = Metadata.builder().cacheTag("\"v1\"")
      .attribute("status", "200").attribute("content-type", "application/octet-stream").build();

  @Param({"4096", "1048576"})
  int size;

  private Path root;
  private FileStore store;
  private FileStore syncedStore;
  private byte[] body;
  private Path plain;
  private Path plainOut;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("file-store-bench");
    body = new byte[size];
    new Random(42).nextBytes(body);
    store = FileStore.builder().directory(root.resolve("store")).capacity(1L << 30)
        .fsync(false).build();
    syncedStore = FileStore.builder().directory(root.resolve("synced")).capacity(1L << 30)
        .build();
    try (StoreWriter writer = store.setWithWriter("hot", METADATA)) {
      writer.write(body);
      writer.commit();
    }
    plain = Files.write(root.resolve("plain"), body);
    plainOut = root.resolve("plain-out");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    syncedStore.close();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }


  @Benchmark
  public long get(ReadBuffer buffer) throws IOException {
    try (StoredEntry entry = store.getStream("hot")) {
      return buffer.drain(entry.body());
    }
  }

  @Benchmark
  public long getCeiling(ReadBuffer buffer) throws IOException {
    try (InputStream in = Files.newInputStream(plain)) {
      return buffer.drain(in);
    }
  }

  @Benchmark
  public boolean set() throws IOException {
    return commit(store);
  }

  @Benchmark
  public long setCeiling() throws IOException {
    try (OutputStream out = Files.newOutputStream(plainOut)) {
      out.write(body);
    }
    return body.length;
  }

  @Benchmark
  public boolean setFsync() throws IOException {
    return commit(syncedStore);
  }

  @Benchmark
  public long setFsyncCeiling() throws IOException {
    try (FileChannel out = FileChannel.open(plainOut, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer source = ByteBuffer.wrap(body);
      while (source.hasRemaining()) {
        out.write(source);
      }
      out.force(false);
    }
    return body.length;
  }

  private boolean commit(FileStore target) throws IOException {
    try (StoreWriter writer = target.setWithWriter("cold", METADATA)) {
      writer.write(body);
      writer.commit();
      return writer.isCommitted();
    }
  }

}
