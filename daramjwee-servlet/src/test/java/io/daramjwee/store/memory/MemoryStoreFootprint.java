package io.daramjwee.store.memory;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.http.Headers;
import io.daramjwee.http.ResponseEntries;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.RouteRules;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Measures the heap a {@link MemoryStore} takes per entry against the bytes it charges to its
 * capacity, for bodies of a few sizes under the metadata an HTTP response is stored with. Not a
 * test: heap after a full collection is steady on one JVM but not a thing to assert on.
 *
 * <pre>
 * ./mvnw -q -pl daramjwee-servlet -Pbench test-compile exec:exec \
 *     -Dbench.main=io.daramjwee.store.memory.MemoryStoreFootprint -Dbench.args="100000"
 * </pre>
 */
public final class MemoryStoreFootprint {

  private MemoryStoreFootprint() {}

  public static void main(String[] args) throws IOException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Metadata metadata = metadata(0);
    System.out.printf(Locale.ROOT, "%s, %s, %,d entries each, metadata %d bytes encoded%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"), entries,
        metadata.encode().length);
    System.out.println("  " + metadata.attributes() + ", estimated " + HeapWeight.metadata(metadata) + " B");
    for (int body : new int[] {100, 1_024, 16_384}) {
      MemoryStore store = MemoryStore.builder().capacity(Long.MAX_VALUE / 2).build();
      long before = usedAfterGc();
      byte[] bytes = new byte[body];
      for (int i = 0; i < entries; i++) {
        try (StoreWriter writer = store.setWithWriter(
            "GET https://example.test/articles/" + i, metadata(i))) {
          writer.write(bytes);
          writer.commit();
        }
      }
      long after = usedAfterGc();
      double heap = (after - before) / (double) entries;
      double charged = store.size() / (double) entries;
      System.out.printf(Locale.ROOT, "body %,6d B: charged %,8.1f B/entry, heap %,8.1f B/entry,"
          + " heap/charged %.2f%n", body, charged, heap, heap / charged);
      store.close();
    }
  }

  /**
   * What a miss stores with its body: its own metadata, as each miss builds it from field values
   * the container made for that response (new strings, as Tomcat's are).
   */
  private static Metadata metadata(int i) {
    return ResponseEntries.entry(RouteRules.builder("articles").build(),
        new ResponseHead(200, Headers.of(
            "Content-Type", new String("application/json"),
            "ETag", String.format(Locale.ROOT, "\"%016x\"", i),
            "Cache-Control", new String("public, max-age=60"),
            "Last-Modified", new String("Tue, 01 Dec 2026 10:00:00 GMT"),
            "Vary", new String("Accept-Encoding"))), false);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
