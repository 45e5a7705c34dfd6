package io.daramjwee.store.memory;

import io.daramjwee.Metadata;
import java.time.Duration;
import java.util.Map;

/**
 * What a {@link MemoryStore} entry takes of the heap, as the store charges it to its capacity:
 * the body's bytes and arrays, and the objects around them (the key, the metadata's objects, the
 * entry, and the nodes of the map and of the eviction policy). Estimated for a 64-bit JVM with
 * compressed references and class pointers (the default below a 32 GB heap) and 8-byte
 * alignment. Without the objects, a store of 100-byte bodies took three times its capacity
 * ({@code MemoryStoreFootprint}, {@code docs/BENCHMARKS.md}), and a heap share checked against
 * the capacity meant nothing. Stateless.
 */
final class HeapWeight {

  /**
   * The entry itself (32 bytes), its node in the store's map (32) and slot in its table (about
   * 8), and the eviction policy's node and slot (40 to 56).
   */
  static final long ENTRY = 128;

  private HeapWeight() {}

  /** The heap an entry of {@code key} takes with {@code metadata} and {@code blocks}. */
  static long of(String key, Metadata metadata, long bodyLength, int blocks) {
    return head(key, metadata) + body(bodyLength, blocks);
  }

  /** All but the body: the entry and its nodes, the key, the metadata. */
  static long head(String key, Metadata metadata) {
    return ENTRY + string(key) + metadata(metadata);
  }

  /** The body's bytes in {@code blocks} arrays, and the array of them. */
  static long body(long length, int blocks) {
    return align(16 + 4L * blocks) + blocks * 16L + length + blocks * 7L; // 7: alignment, at most
  }

  /**
   * A {@link Metadata} object and what it alone holds: its strings, instant and durations (but
   * {@link Duration#ZERO}, which is shared), and its attribute map (an unmodifiable view of a
   * {@code LinkedHashMap}). Every string is counted as its own, which errs above when one is
   * shared (an {@code ETag} is both the cache tag and a field's value).
   */
  static long metadata(Metadata metadata) {
    long bytes = 48 + string(metadata.cacheTag());
    bytes += metadata.cachedAt() == null ? 0 : 24;
    bytes += duration(metadata.freshFor()) + duration(metadata.staleFor())
        + duration(metadata.staleIfError());
    Map<String, String> attributes = metadata.attributes();
    int n = attributes.size();
    int table = Integer.highestOneBit(Math.max(1, (int) Math.ceil(n / 0.75)) * 2 - 1);
    bytes += 16 + 56 + align(16 + 4L * table) + 40L * n; // view, map, table, entries
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      bytes += string(e.getKey()) + string(e.getValue());
    }
    return bytes;
  }

  /** A string and its array: one byte per character when all fit in Latin-1, else two. */
  static long string(String s) {
    if (s == null) {
      return 0;
    }
    int perChar = 1;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        perChar = 2;
        break;
      }
    }
    return 24 + align(16 + (long) s.length() * perChar);
  }

  private static long duration(Duration duration) {
    return duration == null || duration.isZero() ? 0 : 24;
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }
}
