package io.daramjwee.store.ehcache;

import io.daramjwee.store.chunked.ChunkManifest;

/**
 * Manifests an {@link EhcacheStore} parsed lately, by the identity of the array they were parsed
 * from. The heap pool hands out the very array it holds, and nobody writes into it: the manifest
 * parsed from it last time is the same. Reusing it also hands every hit the same Metadata, which
 * lets the HTTP layer reuse what it derived from it. A disk or off-heap copy is a new array, so it
 * is never found here and is always parsed (and verified) again.
 *
 * <p>An evicted entry's array stays reachable here until its slot is reused: at most
 * {@value #SLOTS} inline bodies (16 MiB at the default inline threshold).
 *
 * <p>Thread-safe by design rather than by locks: slots are immutable records written and read
 * racily; a lost write only costs a parse.
 */
final class RecentManifests {

  private static final int SLOTS = 1024; // a power of two

  private final Decoded[] slots = new Decoded[SLOTS];

  /** The manifest parsed from this very array for {@code key}, or {@code null}. */
  ChunkManifest get(byte[] raw, String key) {
    Decoded recent = slots[slot(raw)];
    return recent != null && recent.raw == raw && recent.key.equals(key) ? recent.manifest : null;
  }

  /** Remembers that {@code raw}, read for {@code key}, parses to {@code manifest}. */
  void put(byte[] raw, String key, ChunkManifest manifest) {
    slots[slot(raw)] = new Decoded(raw, key, manifest);
  }

  private static int slot(byte[] raw) {
    return System.identityHashCode(raw) & (SLOTS - 1);
  }

  private record Decoded(byte[] raw, String key, ChunkManifest manifest) {}
}
