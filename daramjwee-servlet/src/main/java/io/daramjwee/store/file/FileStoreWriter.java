package io.daramjwee.store.file;

import io.daramjwee.StoreWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one entry of a {@link FileStore} into its own temp file (see {@link Frame}) and has the
 * store publish it on commit. Holds no store lock until then, so a delete or another writer of the
 * same key never waits for it.
 *
 * <p>Small writes gather in a buffer; a write at least as large as the buffer goes straight from
 * the caller's array. Once the file would exceed the store's capacity the temp file is deleted at
 * once, so an oversized body does not fill the disk on its way to a failed commit, and the rest is
 * only counted, for the commit's message.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort. An abort
 * closes the channel under the writing thread, whose next write to the file then fails with an
 * {@code IOException}; the temp file is deleted either way.
 */
final class FileStoreWriter extends StoreWriter {

  private static final Logger log = LoggerFactory.getLogger(FileStoreWriter.class);

  static final int BUFFER_SIZE = 16 * 1024;

  private final FileStore store;
  private final String hash;
  private final Path temp;
  private final FileChannel channel;
  private final long capacity;
  private final long headerLength;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  private final CRC32C crc = new CRC32C();
  private long bodyLength;
  private boolean overflowed;

  /** Takes ownership of {@code channel} and {@code temp}; writes the header. */
  FileStoreWriter(FileStore store, String hash, Path temp, FileChannel channel, ByteBuffer header,
      long capacity) throws IOException {
    this.store = store;
    this.hash = hash;
    this.temp = temp;
    this.channel = channel;
    this.capacity = capacity;
    this.headerLength = header.remaining();
    append(header.array(), header.position(), header.remaining());
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) throws IOException {
    bodyLength += len;
    if (overflowed) {
      return;
    }
    if (fileLength() > capacity) {
      overflowed = true;
      release();
      return;
    }
    crc.update(b, off, len);
    append(b, off, len);
  }

  @Override
  protected void doCommit() throws IOException {
    long fileLength = fileLength();
    if (overflowed || fileLength > capacity) {
      throw new IOException("entry of " + fileLength + " bytes exceeds capacity " + capacity);
    }
    ByteBuffer trailer = Frame.trailer(bodyLength, (int) crc.getValue());
    append(trailer.array(), 0, trailer.remaining());
    writeBuffered();
    store.publish(hash, temp, channel, fileLength);
  }

  @Override
  protected void doAbort() {
    release();
  }

  private long fileLength() {
    return headerLength + bodyLength + Frame.TRAILER_LENGTH;
  }

  private void append(byte[] b, int off, int len) throws IOException {
    if (len <= buffer.remaining()) {
      buffer.put(b, off, len);
      return;
    }
    writeBuffered();
    if (len < buffer.capacity()) {
      buffer.put(b, off, len);
    } else {
      writeFully(ByteBuffer.wrap(b, off, len));
    }
  }

  private void writeBuffered() throws IOException {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer source) throws IOException {
    while (source.hasRemaining()) {
      channel.write(source);
    }
  }

  /** Closes and deletes the temp file. Idempotent; never throws. */
  private void release() {
    try {
      channel.close();
    } catch (IOException e) {
      log.warn("cannot close temp file {} tier=file", temp, e);
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("cannot delete temp file {} tier=file; the next start deletes it", temp, e);
    }
  }
}
