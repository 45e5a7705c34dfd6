package io.daramjwee.store.chunked;

import io.daramjwee.CorruptEntryException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a store keeps the chunks of its bodies, read by {@link ChunkedBodyStream}. Chunk {@code i}
 * of a write is stored as
 *
 * <pre>
 *   offset  bytes  field
 *   ------  -----  -------------------------------------------------------------
 *   0       n      body bytes [i * S, i * S + n), S the manifest's chunk size
 *   n       4      CRC32C of those n bytes, big-endian
 * </pre>
 *
 * <p>The checksum travels with the chunk, so a manifest stays the same size however large its
 * body, and a reader checks each chunk before it serves a byte of it. A chunk's expected length
 * comes from the manifest, so a shortened chunk fails too. {@link #seal} and {@link #check} are
 * the two halves of that format.
 */
@FunctionalInterface
public interface ChunkSource {

  /**
   * The raw stored value of chunk {@code index} of {@code manifest}'s write, or {@code null} when
   * the backend no longer holds it (evicted, expired).
   *
   * @throws IOException when the backend cannot be read
   */
  byte[] fetch(ChunkManifest manifest, int index) throws IOException;

  /**
   * Chunk {@code index} of {@code manifest}'s body, checked: the bytes are {@code [0, length)} of
   * the returned array, {@code length} being {@link ChunkManifest#chunkLength}.
   *
   * @throws CorruptEntryException when the chunk is missing or damaged
   * @throws IOException when the backend cannot be read
   */
  default byte[] get(ChunkManifest manifest, int index) throws IOException {
    return check(manifest, index, fetch(manifest, index));
  }

  /**
   * Says that of {@code manifest}'s chunks, only {@code [from, to]} will be fetched from now on
   * (none when {@code to < from}): a reader opened a part of the body. A source that holds chunks
   * ahead of their fetch (an Ehcache reader's pins) lets the others go; the default does nothing.
   */
  default void keepOnly(ChunkManifest manifest, int from, int to) {}

  /**
   * Writes the checksum of {@code chunk[0, length)} into {@code chunk[length, length + 4)}, making
   * it a stored chunk; {@code chunk} must be exactly {@code length + 4} long.
   */
  static byte[] seal(byte[] chunk, int length) {
    ByteBuffer.wrap(chunk).putInt(length, ChunkManifest.crc(chunk, 0, length));
    return chunk;
  }

  /**
   * {@code chunk}, as stored for chunk {@code index} of {@code manifest}, once checked.
   *
   * @throws CorruptEntryException when it is {@code null} (missing), of the wrong length, or fails
   *     its checksum
   */
  static byte[] check(ChunkManifest manifest, int index, byte[] chunk)
      throws CorruptEntryException {
    String where = "chunk " + index + " of " + manifest.chunkCount();
    if (chunk == null) {
      throw new CorruptEntryException(where + " is missing (evicted)");
    }
    int length = manifest.chunkLength(index);
    if (chunk.length != length + 4) {
      throw new CorruptEntryException(where + " holds " + (chunk.length - 4) + " bytes, not "
          + length);
    }
    if (ByteBuffer.wrap(chunk).getInt(length) != ChunkManifest.crc(chunk, 0, length)) {
      throw new CorruptEntryException(where + " fails its checksum");
    }
    return chunk;
  }
}
