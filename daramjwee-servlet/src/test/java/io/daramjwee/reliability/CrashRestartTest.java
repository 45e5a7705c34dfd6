package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.Store;
import io.daramjwee.reliability.CrashEntries.Found;
import io.daramjwee.store.ehcache.EhcacheStore;
import io.daramjwee.store.file.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ehcache.StateTransitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process writing into a persistent store is killed with SIGKILL (no shutdown hook, no close, no
 * flush of anything still in the JVM) in the middle of a write, and a new store is opened on its
 * directory, as a restarted application would. The writer runs in a second JVM
 * ({@link CrashChild}, {@link CrashWriter}) so the kill is a real one, of a real process holding
 * real file handles and locks.
 *
 * <p>A SIGKILL loses nothing the kernel already has: a commit's bytes are in the page cache once
 * {@code write} returned, with or without fsync. The FileStore's default fsync (on) matters for a
 * power loss or kernel crash, which this test does not simulate; with fsync off such a crash could
 * lose recent commits (the next start deletes what it finds torn), a process crash still cannot.
 */
class CrashRestartTest {

  private static final Logger log = LoggerFactory.getLogger(CrashRestartTest.class);

  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);
  private static final int SIGKILLED = 128 + 9;

  @TempDir
  Path dir;

  /** Every run so far by name. */
  private final Map<String, Run> runs = new LinkedHashMap<>();

  /** A run's writer may have started entries below {@code limit}; it committed {@code committed}. */
  private record Run(int limit, Set<Integer> committed) {}

  @Test
  void fileStore_killedMidWrite_threeTimes_keepsEveryCommittedEntryWhole_andNoTempFile()
      throws Exception {
    Path directory = dir.resolve("file");
    // Killed while running free, right after it reported entry 20's midpoint or a later one.
    crashFileStore(directory, "a", 20, -1);
    // Killed while holding a 2-4 MiB write open at its middle: a temp file is certainly on disk.
    crashFileStore(directory, "b", -1, 21);
    // Running free again, later, with two crashed runs' entries already in the directory.
    crashFileStore(directory, "c", 35, -1);
  }

  @Test
  void ehcacheDiskPool_killedMidWrite_reopens_butDiscardsEveryEntry_evenThoseACleanCloseKept()
      throws Exception {
    Path directory = dir.resolve("ehcache");
    // Control: in this configuration the disk pool does persist across a clean close.
    try (EhcacheStore store = ehcache(directory)) {
      for (int i = 0; i < 10; i++) {
        String key = CrashEntries.key("clean", i);
        CrashEntries.write(store, key, CrashEntries.body(key, CrashEntries.length(i)), () -> {});
      }
    }
    runs.put("clean", new Run(10, Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
    try (EhcacheStore store = ehcache(directory)) {
      assertThat(present(store)).as("entries kept by a clean close and restart").isEqualTo(10);
    }

    try (CrashChild child = CrashChild.start("ehcache", directory.toAbsolutePath(), "a", 14)) {
      child.await("ready", "ready"::equals, CHILD_TIMEOUT);
      assertThatThrownBy(() -> ehcache(directory))
          .as("a second cache manager on the directory the child holds")
          .isInstanceOf(StateTransitionException.class).hasStackTraceContaining("already locked");
      child.await("a pause midway through entry 14", "paused 14"::equals, CHILD_TIMEOUT);
      assertThat(child.kill()).as("exit code of a SIGKILLed process").isEqualTo(SIGKILLED);
      runs.put("a", new Run(16, child.committed()));
      assertThat(child.committed()).hasSize(14);

      // The lock the dead process held is released with it: the new manager starts.
      try (EhcacheStore store = ehcache(directory)) {
        int present = present(store);
        log.info("ehcache crash: {} entries committed by the killed process, {} kept by an"
            + " earlier clean close; {} present after the restart", child.committed().size(), 10,
            present);
        // Ehcache 3 (3.10) finds no mark of a clean shutdown and deletes its whole persistence
        // directory ("Probably unclean shutdown was done, so deleted root directory"): the pool
        // starts empty, without what the earlier clean close kept either. The next tier, or the
        // origin, serves until it fills again.
        assertThat(present).as("entries present after the crash").isZero();
        String key = CrashEntries.key("after", 0);
        CrashEntries.write(store, key, CrashEntries.body(key, CrashEntries.length(0)), () -> {});
        assertThat(CrashEntries.read(store, key, 0)).as("a write after the restart")
            .isEqualTo(Found.WHOLE);
      }
    }
  }

  /**
   * Runs a writer of {@code run} into {@code directory} and kills it: running free once it has
   * committed {@code committedAtLeast} entries and reports a write's midpoint, or paused midway
   * through entry {@code pauseAt}. Then opens a store there and checks every run so far.
   */
  private void crashFileStore(Path directory, String run, int committedAtLeast, int pauseAt)
      throws Exception {
    long startNanos = System.nanoTime();
    try (CrashChild child = CrashChild.start("file", directory.toAbsolutePath(), run, pauseAt)) {
      child.await("ready", "ready"::equals, CHILD_TIMEOUT);
      assertThatThrownBy(() -> fileStore(directory))
          .as("a second store on the directory the child holds")
          .isInstanceOf(IOException.class).hasMessageContaining("already used");
      if (pauseAt >= 0) {
        child.await("a pause midway through entry " + pauseAt, ("paused " + pauseAt)::equals,
            CHILD_TIMEOUT);
      } else {
        child.await(committedAtLeast + " commits, then a write's midpoint",
            e -> e.startsWith("midway ") && child.committed().size() >= committedAtLeast,
            CHILD_TIMEOUT);
      }
      int reportedBeforeKill = child.committed().size();
      assertThat(child.kill()).as("exit code of a SIGKILLed process").isEqualTo(SIGKILLED);
      int last = Math.max(child.started().stream().mapToInt(i -> i).max().orElse(-1),
          child.committed().stream().mapToInt(i -> i).max().orElse(-1));
      // One past the last reported: a write the kill cut before its midpoint is checked too.
      runs.put(run, new Run(last + 2, child.committed()));

      List<Path> temps = tempFiles(directory);
      if (pauseAt >= 0) {
        // What the restart has to clean up: the dead writer's half file, never published.
        assertThat(temps).as("temp files the killed writer left").hasSize(1);
        assertThat(Files.size(temps.get(0))).as("bytes in the half-written temp file")
            .isLessThan(CrashEntries.length(pauseAt));
      }

      // The dead process's lock is gone with it: the store opens, and deletes the orphans.
      try (FileStore store = fileStore(directory)) {
        assertThat(tempFiles(directory)).as("temp files after the store opened").isEmpty();
        int present = 0;
        for (Map.Entry<String, Run> r : runs.entrySet()) {
          for (int i = 0; i < r.getValue().limit(); i++) {
            Found found = CrashEntries.read(store, CrashEntries.key(r.getKey(), i), i);
            assertThat(found).as("entry %d of run %s", i, r.getKey()).isNotEqualTo(Found.WRONG);
            if (r.getValue().committed().contains(i)) {
              assertThat(found).as("committed entry %d of run %s", i, r.getKey())
                  .isEqualTo(Found.WHOLE);
            }
            present += found == Found.WHOLE ? 1 : 0;
          }
        }
        assertThat(store.entryCount()).as("entries indexed, all of them written by the runs")
            .isEqualTo(present);
        log.info("file crash run {}: killed after {} commits ({} read before the kill; {}), {}"
            + " temp files left, restart found {} entries whole, none torn, in {} ms", run,
            child.committed().size(), reportedBeforeKill,
            pauseAt >= 0 ? "paused midway through entry " + pauseAt : "running free",
            temps.size(), present, (System.nanoTime() - startNanos) / 1_000_000);
      }
    }
  }

  /** How many entries of every run so far {@code store} holds whole; fails on a wrong one. */
  private int present(Store store) throws IOException {
    int present = 0;
    for (Map.Entry<String, Run> r : runs.entrySet()) {
      for (int i = 0; i < r.getValue().limit(); i++) {
        Found found = CrashEntries.read(store, CrashEntries.key(r.getKey(), i), i);
        assertThat(found).as("entry %d of run %s", i, r.getKey()).isNotEqualTo(Found.WRONG);
        present += found == Found.WHOLE ? 1 : 0;
      }
    }
    return present;
  }

  private static FileStore fileStore(Path directory) throws IOException {
    return (FileStore) CrashWriter.open("file", directory.toAbsolutePath());
  }

  private static EhcacheStore ehcache(Path directory) throws IOException {
    return (EhcacheStore) CrashWriter.open("ehcache", directory.toAbsolutePath());
  }

  private static List<Path> tempFiles(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
