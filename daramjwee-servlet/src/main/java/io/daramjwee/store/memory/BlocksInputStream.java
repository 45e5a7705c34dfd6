package io.daramjwee.store.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Reads a body held as a sequence of non-empty blocks without copying them together. The blocks
 * are never modified, so any number of streams may share them.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class BlocksInputStream extends InputStream {

  private byte[][] blocks; // null once closed, so a lingering stream does not pin a replaced body
  private int index;
  private int position;
  private long remaining;

  BlocksInputStream(byte[][] blocks, long length) {
    this.blocks = blocks;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    if (remaining == 0) {
      return -1;
    }
    byte[] block = current();
    remaining--;
    return block[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    int total = 0;
    while (total < len && remaining > 0) {
      byte[] block = current();
      int n = (int) Math.min(Math.min(len - total, block.length - position), remaining);
      System.arraycopy(block, position, b, off + total, n);
      position += n;
      remaining -= n;
      total += n;
    }
    return total;
  }

  @Override
  public long skip(long n) throws IOException {
    ensureOpen();
    long skipped = 0;
    while (skipped < n && remaining > 0) {
      byte[] block = current();
      int step = (int) Math.min(n - skipped, block.length - position);
      position += step;
      remaining -= step;
      skipped += step;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    return (int) Math.min(remaining, Integer.MAX_VALUE);
  }

  /** Writes each block straight from the store's arrays: no intermediate buffer. */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    ensureOpen();
    long transferred = 0;
    while (remaining > 0) {
      byte[] block = current();
      int n = block.length - position;
      out.write(block, position, n);
      position += n;
      remaining -= n;
      transferred += n;
    }
    return transferred;
  }

  @Override
  public void close() {
    blocks = null;
  }

  /** The block holding the next byte; call only while {@code remaining > 0}. */
  private byte[] current() {
    byte[] block = blocks[index];
    if (position == block.length) {
      block = blocks[++index];
      position = 0;
    }
    return block;
  }

  private void ensureOpen() throws IOException {
    if (blocks == null) {
      throw new IOException("stream closed");
    }
  }
}
