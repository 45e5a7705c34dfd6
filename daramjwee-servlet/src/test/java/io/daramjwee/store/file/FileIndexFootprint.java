package io.daramjwee.store.file;

import io.daramjwee.policy.EvictionPolicies;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Measures the heap a {@link FileStore}'s index takes per entry, for each eviction policy: the
 * figures behind {@link FileStoreBuilder#maxEntries} and the starter's heap budget. Not a test:
 * heap after a full collection is steady on one JVM but not a thing to assert on. Entries are
 * indexed as the store indexes them (the hex SHA-256 of a key as the name), without files.
 *
 * <pre>
 * ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec \
 *     -Dbench.main=io.daramjwee.store.file.FileIndexFootprint -Dbench.args="400000"
 * </pre>
 *
 * <p>For each policy it prints the bytes per entry while the index fills (no eviction yet) and
 * once full: {@code maxEntries} entries held after four times as many commits, so the policy's
 * history (S3-FIFO's ghost queue) is as long as it gets.
 */
public final class FileIndexFootprint {

  private FileIndexFootprint() {}

  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
    System.out.printf(Locale.ROOT, "%s, %s, %,d entries%n", System.getProperty("java.vm.name"),
        System.getProperty("java.version"), entries);
    for (String policy : EvictionPolicies.NAMES) {
      System.out.printf(Locale.ROOT, "%-8s filling %6.1f B/entry, full %6.1f B/entry%n", policy,
          perEntry(policy, entries, entries), perEntry(policy, entries, 4 * entries));
    }
  }

  /** Heap per held entry after {@code commits} distinct names into an index of {@code max}. */
  private static double perEntry(String policy, int max, int commits) {
    long before = usedAfterGc();
    FileIndex index = new FileIndex(Long.MAX_VALUE, max, EvictionPolicies.supplier(policy).get(),
        retired -> {});
    for (int i = 0; i < commits; i++) {
      byte[] key = ("GET https://example.test/articles/" + i).getBytes(StandardCharsets.UTF_8);
      index.put(FileNames.hash(key), new FileIndex.Entry(400));
    }
    long after = usedAfterGc();
    if (index.count() != Math.min(max, commits)) {
      throw new AssertionError("held " + index.count());
    }
    return (after - before) / (double) index.count();
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
