package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A disk that fills up under the hot tier: a real {@code FileStore}, or a real Ehcache store with
 * a persistent disk pool, behind {@link DiskFullStore}, a fault-injecting wrapper whose "device"
 * has room for three bodies and part of a fourth, then fails each write that overflows it with
 * {@code IOException("No space left on device")} after passing on the bytes that still fit (a
 * real small quota needs mount privileges the build lacks, and a read-only directory does not
 * stop root). While the disk is full every request is answered 200 with the origin's bytes and
 * each failed write is counted as an error of tier 0; once the fault clears, the keys that failed
 * are stored, and every entry the cache serves is the origin's exact bytes: the partial writes
 * left nothing behind that could be served or leak.
 */
class DiskFullReliabilityTest extends ReliabilityScenarios {

  private static final int KEYS = 10;
  private static final int BODY = 16 * 1024;

  enum Disk {
    FILE_STORE, EHCACHE_DISK_POOL;

    Store open(Path directory) throws IOException {
      return this == FILE_STORE ? fileStore(directory) : ehcacheDisk(directory);
    }
  }

  @ParameterizedTest
  @EnumSource(Disk.class)
  void diskFillsUp_everyRequestAnswersFromOrigin_andAfterItClearsEveryEntryIsIntact(Disk disk)
      throws Exception {
    Path directory = dir.resolve("disk");
    DiskFullStore full = new DiskFullStore(disk.open(directory), 3L * BODY + BODY / 3);
    start(full);

    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < KEYS; i++) {
        getFromOrigin(item(i));
      }
    }

    // Keys 0-2 fit and were hits the second time; keys 3-9 failed their write in both rounds.
    // The last write settles after its client has read the last byte, so the counts are awaited.
    await("every refused write counted").untilAsserted(() -> {
      assertThat(full.refusedWrites()).isEqualTo(2L * (KEYS - 3));
      assertThat(cache.stats().tierErrors().get(0)).isEqualTo(full.refusedWrites());
    });
    assertThat(origin.totalCalls()).isEqualTo(3 + 2 * (KEYS - 3));

    full.clear();
    for (int i = 0; i < KEYS; i++) {
      getFromOrigin(item(i));
    }
    for (int i = 0; i < KEYS; i++) {
      assertThat(isHit(getFromOrigin(item(i)))).as("hit for %s", item(i)).isTrue();
      assertThat(origin.calls(item(i))).as("origin calls for %s", item(i))
          .isEqualTo(i < 3 ? 1 : 3);
    }
    assertThat(tempFiles(directory)).as("temp files of the failed writes").isZero();
  }

  /** FileStore's temp files ({@code *.tmp}); Ehcache keeps none of its own naming. */
  private static long tempFiles(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
  }
}
