package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link CrashWriter} running in a second JVM, on this JVM's java binary and class path (under
 * Surefire a manifest-only jar, whose {@code Class-Path} the child's class loader follows), and
 * the events it has reported. A reader thread drains its output (stdout and stderr merged, so
 * neither pipe fills and blocks it): protocol lines are recorded and queued for {@link #await},
 * the last log lines are kept for failure messages. Closing kills the child if it still runs.
 * Used by one test thread.
 */
final class CrashChild implements AutoCloseable {

  private static final String PREFIX = "crash ";
  private static final String EOF = "<eof>";

  private final Process process;
  private final Thread reader;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final Set<Integer> committed = new ConcurrentSkipListSet<>();
  private final Set<Integer> started = new ConcurrentSkipListSet<>();
  private final Deque<String> tail = new ArrayDeque<>();

  private CrashChild(Process process) {
    this.process = process;
    this.reader = new Thread(this::drain, "crash-child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a child writing run {@code run} of {@code kind} into {@code directory}. */
  static CrashChild start(String kind, Path directory, String run, int pauseAt)
      throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), kind,
        directory.toString(), run, Integer.toString(pauseAt))
        .redirectErrorStream(true);
    return new CrashChild(builder.start());
  }

  /**
   * The next protocol line (without its prefix) that {@code matches}, skipping others; fails when
   * the child exits or {@code timeout} passes first.
   */
  String await(String what, Predicate<String> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        String event = events.poll(Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
        if (event == null) {
          fail("the child did not report %s within %s; its last output:%n%s", what, timeout,
              tail());
        }
        if (event.equals(EOF)) {
          fail("the child exited before it reported %s; its last output:%n%s", what, tail());
        }
        if (matches.test(event)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the child with SIGKILL and reads its output to the end; returns its exit code. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      fail("the child survived SIGKILL for 10 s");
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  /** Entries whose commit returned, as reported; after {@link #kill()}, every one reported. */
  Set<Integer> committed() {
    return committed;
  }

  /** Entries whose writing reached its middle, as reported. */
  Set<Integer> started() {
    return started;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void drain() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith(PREFIX)) {
          String event = line.substring(PREFIX.length());
          record(event);
          events.add(event);
        } else {
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > 40) {
              tail.removeFirst();
            }
          }
        }
      }
    } catch (IOException e) {
      // The JDK may close the pipe under a blocked reader as it reaps a killed child; lines
      // already read are recorded, and a commit reported but not read is only not required.
      synchronized (tail) {
        tail.addLast("<output ended: " + e + ">");
      }
    } finally {
      events.add(EOF);
    }
  }

  private void record(String event) {
    String[] words = event.split(" ");
    if (words[0].equals("committed")) {
      committed.add(Integer.parseInt(words[1]));
    } else if (words[0].equals("midway")) {
      started.add(Integer.parseInt(words[1]));
    }
  }

  private String tail() {
    synchronized (tail) {
      return String.join(System.lineSeparator(), tail);
    }
  }
}
