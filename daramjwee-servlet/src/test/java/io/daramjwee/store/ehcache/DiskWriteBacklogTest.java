package io.daramjwee.store.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ehcache's disk pool writes behind, each pending value on the heap, through an unbounded queue:
 * the store's manager counts that backlog ({@link DiskWriteBacklog}) and a writer of chunks waits
 * for room ({@link Chunks#put}), so the heap holds a bounded number of pending chunks however far
 * the disk falls behind. A real Ehcache disk pool; the stalled writer is a real executor task held
 * on a latch.
 */
class DiskWriteBacklogTest {

  private static final int CHUNK = 128 * 1024;

  @TempDir Path directory;

  @Test
  void chunksWrittenFlatOut_leaveABoundedBacklog() throws IOException {
    CacheSetup.Opened opened = CacheSetup.fromSizes(128, 0, 1L << 30, directory, false);
    try {
      DiskWriteBacklog backlog = opened.backlog();
      assertThat(backlog).as("a disk pool's manager counts its backlog").isNotNull();
      Chunks chunks = new Chunks(opened.cache(), backlog, CHUNK);
      byte[] chunk = new byte[CHUNK];
      new Random(3).nextBytes(chunk);

      for (int i = 0; i < 2048; i++) { // 256 MiB, as fast as the store takes it
        chunks.put("w", i, chunk.clone());
      }

      int limit = (int) ((8L << 20) / CHUNK);
      assertThat(backlog.mostPending()).as("the disk pool's writes went through the count")
          .isPositive().isLessThanOrEqualTo(limit + 1);
      assertThat(opened.cache().get(Keys.chunk("w", 2047))).isEqualTo(chunk);
    } finally {
      opened.manager().close();
    }
  }

  @Test
  void stalledDiskWriter_makesTheWriterWait_andFailsItAfterTheTimeout() throws Exception {
    DiskWriteBacklog backlog = new DiskWriteBacklog();
    ExecutorService disk = backlog.getOrderedExecutor(null, new LinkedBlockingQueue<>());
    CountDownLatch stalled = new CountDownLatch(1);
    try {
      disk.execute(() -> {
        try {
          stalled.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(backlog.pending()).isEqualTo(1);

      assertThatThrownBy(() -> backlog.awaitBelow(1, 50)).isInstanceOf(IOException.class)
          .hasMessageContaining("1 writes behind");
      backlog.awaitBelow(2, 50); // room below a higher limit: returns at once

      stalled.countDown();
      backlog.awaitBelow(1, TimeUnit.SECONDS.toMillis(10));
      assertThat(backlog.pending()).isZero();
    } finally {
      stalled.countDown();
      disk.shutdown();
    }
  }

  @Test
  void managerWithoutADiskPool_countsNothing() {
    CacheSetup.Opened opened = CacheSetup.fromSizes(128, 0, 0, null, false);
    try {
      assertThat(opened.backlog()).isNull();
    } finally {
      opened.manager().close();
    }
  }
}
