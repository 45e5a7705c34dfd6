package io.daramjwee.store.memory;

import io.daramjwee.Metadata;
import io.daramjwee.StoredEntry;

/**
 * One committed value of a {@link MemoryStore}. Immutable: a replace or delete swaps the map's
 * reference, so readers that opened this entry keep reading its bytes.
 *
 * <p>Thread-safe.
 */
final class MemoryEntry {

  private final Metadata metadata;
  private final byte[][] blocks;
  private final long length;
  private final long weight;

  /** {@code blocks} are exactly filled and never modified afterwards. */
  MemoryEntry(Metadata metadata, byte[][] blocks, long length, long weight) {
    this.metadata = metadata;
    this.blocks = blocks;
    this.length = length;
    this.weight = weight;
  }

  Metadata metadata() {
    return metadata;
  }

  /** Bytes charged against the capacity: what the entry takes of the heap ({@link HeapWeight}). */
  long weight() {
    return weight;
  }

  StoredEntry open() {
    return new StoredEntry(metadata, new BlocksInputStream(blocks, length));
  }
}
