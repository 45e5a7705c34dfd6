package io.daramjwee.store.chunked;

import io.daramjwee.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ChunkSource} over a map, in the chunk format the stores use, that records every fetch,
 * and lets a test damage or remove a chunk: a fake of the store's own abstraction, for fault
 * injection and counting, in place of a backend.
 */
final class MemoryChunks implements ChunkSource {

  final Map<Integer, byte[]> stored = new HashMap<>();
  final List<Integer> fetched = new ArrayList<>();
  final List<int[]> kept = new ArrayList<>();
  private final ChunkManifest manifest;

  /** Cuts {@code body} into chunks of {@code chunkSize} and parses the manifest naming them. */
  MemoryChunks(byte[] body, int chunkSize) throws Exception {
    this(body, chunkSize, ChunkManifest.crc(body, 0, body.length));
  }

  /** As above, with the whole body's checksum as given: a wrong one damages the body as a whole. */
  MemoryChunks(byte[] body, int chunkSize, int bodyCrc) throws Exception {
    int count = (body.length + chunkSize - 1) / chunkSize;
    for (int i = 0; i < count; i++) {
      int length = Math.min(chunkSize, body.length - i * chunkSize);
      byte[] chunk = new byte[length + 4];
      System.arraycopy(body, i * chunkSize, chunk, 0, length);
      stored.put(i, ChunkSource.seal(chunk, length));
    }
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    this.manifest = ChunkManifest.decode(ChunkManifest.chunked(key,
        Metadata.builder().build().encode(), WriteIds.next(), body.length, chunkSize, count,
        bodyCrc), key);
  }

  ChunkManifest manifest() {
    return manifest;
  }

  /** Flips one byte of chunk {@code index}. */
  void flip(int index) {
    byte[] damaged = stored.get(index).clone();
    damaged[damaged.length / 2] ^= 1;
    stored.put(index, damaged);
  }

  @Override
  public byte[] fetch(ChunkManifest manifest, int index) {
    fetched.add(index);
    return stored.get(index);
  }

  @Override
  public void keepOnly(ChunkManifest manifest, int from, int to) {
    kept.add(new int[] {from, to});
  }
}
