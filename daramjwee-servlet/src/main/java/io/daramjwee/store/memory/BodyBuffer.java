package io.daramjwee.store.memory;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The body of a pending memory write, held in blocks that grow from 4 KiB to 256 KiB. Unlike a
 * doubling {@code ByteArrayOutputStream}, a large body is never copied into a bigger array, and a
 * small body wastes little. Once the body outgrows {@code limit} the buffer drops its blocks and
 * only counts, so a write too large for the store never holds more than the store's capacity.
 *
 * <p>Not thread-safe: only the writing thread uses it.
 */
final class BodyBuffer {

  static final int MIN_BLOCK = 4 * 1024;
  static final int MAX_BLOCK = 256 * 1024;

  private static final byte[][] NO_BLOCKS = new byte[0][];

  private final long limit;
  private final ArrayList<byte[]> blocks = new ArrayList<>();
  private long allocated;
  private int position; // bytes used in the last block
  private long length;

  /** A buffer that keeps at most {@code limit} bytes; {@code limit} may be negative. */
  BodyBuffer(long limit) {
    this.limit = limit;
  }

  void write(byte[] b, int off, int len) {
    length += len;
    if (length > limit) {
      if (!blocks.isEmpty()) {
        blocks.clear();
        blocks.trimToSize();
        allocated = 0;
      }
      return;
    }
    while (len > 0) {
      byte[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
      if (last == null || position == last.length) {
        last = newBlock(last);
        position = 0;
      }
      int n = Math.min(len, last.length - position);
      System.arraycopy(b, off, last, position, n);
      position += n;
      off += n;
      len -= n;
    }
  }

  private byte[] newBlock(byte[] previous) {
    int grown = previous == null ? MIN_BLOCK : Math.min(MAX_BLOCK, previous.length * 2);
    // Here allocated < length <= limit, so the block holds at least one byte; capping it at the
    // limit keeps even a store smaller than MIN_BLOCK within its capacity.
    byte[] block = new byte[(int) Math.min(grown, limit - allocated)];
    blocks.add(block);
    allocated += block.length;
    return block;
  }

  /** Bytes written so far, including those dropped after overflowing. */
  long length() {
    return length;
  }

  /** True once more than {@code limit} bytes were written; the body is then gone. */
  boolean overflowed() {
    return length > limit;
  }

  /** Bytes of heap the blocks occupy. */
  long allocated() {
    return allocated;
  }

  /**
   * The body as exactly-filled blocks: one exact-size array when it fits in {@link #MAX_BLOCK}
   * (so a small hit reads a single array), otherwise the blocks with the last one trimmed. The
   * buffer must not be used afterwards.
   */
  byte[][] toBlocks() {
    if (overflowed()) {
      throw new IllegalStateException("body of " + length + " bytes overflowed " + limit);
    }
    if (length == 0) {
      return NO_BLOCKS;
    }
    int last = blocks.size() - 1;
    if (last > 0 && length <= MAX_BLOCK) {
      byte[] whole = new byte[(int) length];
      int at = 0;
      for (byte[] block : blocks) {
        int n = Math.min(block.length, whole.length - at);
        System.arraycopy(block, 0, whole, at, n);
        at += n;
      }
      return new byte[][] {whole};
    }
    if (position < blocks.get(last).length) {
      blocks.set(last, Arrays.copyOf(blocks.get(last), position));
    }
    return blocks.toArray(NO_BLOCKS);
  }
}
