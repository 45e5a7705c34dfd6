package io.daramjwee.reliability;

import io.daramjwee.Store;
import io.daramjwee.store.ehcache.EhcacheStore;
import io.daramjwee.store.file.FileStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The process a {@link CrashRestartTest} kills: opens a store on a directory and writes the
 * {@link CrashEntries} of one run into it, one after another, until it is killed. It reports on
 * stdout, one line per event, each line flushed before the next step runs:
 *
 * <pre>
 * crash ready                  the store is open (and holds its directory)
 * crash midway &lt;i&gt;             about half of entry i is written; its writer is open
 * crash committed &lt;i&gt;          entry i's commit() returned
 * crash paused &lt;i&gt;             stopped midway through entry i, until stdin closes
 * </pre>
 *
 * <p>Usage: {@code CrashWriter file|ehcache <directory> <run> <pauseAt or -1>}. Nothing closes
 * the store: the process ends by being killed; or, should its parent die first, when its stdin
 * closes (exit code 4), so an orphan never fills the disk; or after 2,000 entries (exit code 3).
 */
public final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) throws IOException {
    String kind = args[0];
    Path directory = Path.of(args[1]);
    String run = args[2];
    int pauseAt = Integer.parseInt(args[3]);
    PrintStream out = System.out;
    Thread watchdog = new Thread(CrashWriter::haltWhenStdinCloses, "stdin-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Store store = open(kind, directory);
    out.println("crash ready");
    out.flush();
    for (int i = 0; i < 2_000; i++) {
      int n = i;
      String key = CrashEntries.key(run, n);
      CrashEntries.write(store, key, CrashEntries.body(key, CrashEntries.length(n)), () -> {
        out.println("crash midway " + n);
        out.flush();
        if (n == pauseAt) {
          out.println("crash paused " + n);
          out.flush();
          awaitKill();
        }
      });
      out.println("crash committed " + n);
      out.flush();
    }
    System.exit(3);
  }

  static Store open(String kind, Path directory) throws IOException {
    return switch (kind) {
      case "file" -> FileStore.builder().directory(directory).capacity(4L << 30).build();
      case "ehcache" -> EhcacheStore.builder().heapSize(1L << 20).diskSize(512L << 20)
          .directory(directory).build();
      default -> throw new IllegalArgumentException("store kind must be file or ehcache: " + kind);
    };
  }

  /** Blocks until the test kills this process (or the watchdog halts it). */
  private static void awaitKill() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void haltWhenStdinCloses() {
    try {
      while (System.in.read() >= 0) {
        // the test never writes; it kills this process
      }
    } catch (IOException e) {
      // as good as closed
    }
    Runtime.getRuntime().halt(4);
  }
}
