package io.daramjwee.bench;

import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.purge.PurgeMark;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.store.redis.RedisPurgeChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a purge taken on one instance takes to apply on another (docs/BENCHMARKS.md, "Purge
 * propagation"): two {@link PurgeLog}s, each over its own {@link RedisPurgeChannel}, on one real
 * redis-server on loopback ({@link LocalRedis}). For each of N purges (default 1,000), the time
 * from calling {@code purge} on A until B's verdict on an entry cached just before covers it,
 * polled every 20 µs. Prints p50, p90, p99 and the maximum. Not JMH: a latency distribution of a
 * cross-process effect, measured end to end as an operator would see it.
 *
 * <p>Run: {@code ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec
 * -Dbench.main=io.daramjwee.bench.PurgePropagationBench -Dbench.args=1000}
 */
public final class PurgePropagationBench {

  private PurgePropagationBench() {}

  public static void main(String[] args) throws Exception {
    int purges = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    try (LocalRedis redis = LocalRedis.start();
        PurgeLog a = log(redis);
        PurgeLog b = log(redis)) {
      awaitReconciled(a);
      awaitReconciled(b);
      long[] nanos = new long[purges];
      for (int i = -100; i < purges; i++) { // the first 100 warm up the JIT and the connections
        String tag = "t" + i;
        long start = System.nanoTime();
        PurgeMark mark = a.purge(Purge.tag(tag), Duration.ofMinutes(10));
        while (b.judge("k", "r", "/p", tag, mark.at()).keep()) {
          if (System.nanoTime() - start > 5_000_000_000L) {
            throw new IllegalStateException("purge " + i + " did not reach B within 5 s");
          }
          LockSupport.parkNanos(20_000);
        }
        if (i >= 0) {
          nanos[i] = System.nanoTime() - start;
        }
      }
      Arrays.sort(nanos);
      System.out.printf("purges %d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", purges,
          ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[purges - 1] / 1e6);
    }
  }

  private static PurgeLog log(LocalRedis redis) throws Exception {
    return PurgeLog.builder().channel(RedisPurgeChannel.builder().uri(redis.uri()).build())
        .build();
  }

  private static void awaitReconciled(PurgeLog log) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!log.reconciled()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reconciled within 10 s: " + log.describe());
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]
        / 1e6;
  }
}
