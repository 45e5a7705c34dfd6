package io.daramjwee.store.file;

import io.daramjwee.Metadata;
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
 * <p>The header, with the metadata, is the first thing in the file, written before the body.
 * {@link #amendMetadata} therefore only keeps the new header, and the commit puts it in place:
 * <ul>
 *   <li>when it has the length of the original header (the HTTP layer reserves fixed-width
 *       placeholders so that it normally has), the commit overwrites the header in place with one
 *       positional write, at no cost beyond it;
 *   <li>otherwise the body no longer starts where it was written, and the commit writes a second
 *       temp file: the new header, then the body and trailer copied from the first by
 *       {@link FileChannel#transferTo} (a kernel copy, never through the heap), and publishes
 *       that one. This costs a second write of the whole entry and, until the first temp file is
 *       deleted, twice its disk space.
 * </ul>
 * Either way the capacity check at commit uses the length of the file actually published.
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
  private final byte[] key;
  private final Path temp;
  private final FileChannel channel;
  private final long capacity;
  private final long headerLength;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  private final CRC32C crc = new CRC32C();
  private long bodyLength;
  private boolean overflowed;
  // Only the writing thread touches these: amendMetadata and commit run there, and an abort from
  // another thread cannot overlap a commit (StoreWriter lets exactly one of them begin).
  private ByteBuffer amendedHeader; // null until amended
  private Path copyTemp; // the re-framed file of a commit whose header changed length, or null
  private FileChannel copyChannel;

  /** Takes ownership of {@code channel} and {@code temp}; writes the header of {@code key}. */
  FileStoreWriter(FileStore store, String hash, byte[] key, Path temp, FileChannel channel,
      ByteBuffer header, long capacity) throws IOException {
    this.store = store;
    this.hash = hash;
    this.key = key;
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

  /** Always true: the header is replaced at commit, in place or by a copy (see the class). */
  @Override
  protected boolean doAmend(Metadata metadata) {
    amendedHeader = Frame.header(key, metadata.encode());
    return true;
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
    if (amendedHeader == null) {
      store.publish(hash, temp, channel, fileLength);
    } else if (amendedHeader.remaining() == headerLength) {
      writeFully(channel, amendedHeader.duplicate(), 0);
      store.publish(hash, temp, channel, fileLength);
    } else {
      reframe();
      store.publish(hash, copyTemp, copyChannel, fileLength);
    }
  }

  @Override
  protected void doAbort() {
    release();
  }

  /** The length of the file to publish, with the header it will have. */
  private long fileLength() {
    long header = amendedHeader == null ? headerLength : amendedHeader.remaining();
    return header + bodyLength + Frame.TRAILER_LENGTH;
  }

  /**
   * Writes {@link #amendedHeader} and then the body and trailer of the written temp file into a
   * new temp file, and deletes the written one.
   */
  private void reframe() throws IOException {
    copyTemp = store.newTemp(hash);
    copyChannel = store.createTemp(copyTemp);
    writeFully(copyChannel, amendedHeader.duplicate(), -1);
    long end = headerLength + bodyLength + Frame.TRAILER_LENGTH;
    for (long at = headerLength; at < end; ) {
      long n = channel.transferTo(at, end - at, copyChannel);
      if (n <= 0) {
        throw new IOException("copy of " + temp + " to " + copyTemp + " stopped at byte " + at
            + " of " + end);
      }
      at += n;
    }
    releaseFile(channel, temp);
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
      writeFully(channel, ByteBuffer.wrap(b, off, len), -1);
    }
  }

  private void writeBuffered() throws IOException {
    buffer.flip();
    writeFully(channel, buffer, -1);
    buffer.clear();
  }

  /** Writes all of {@code source} at {@code position}, or at the channel's position if -1. */
  private static void writeFully(FileChannel target, ByteBuffer source, long position)
      throws IOException {
    for (long at = position; source.hasRemaining(); ) {
      if (position < 0) {
        target.write(source);
      } else {
        at += target.write(source, at);
      }
    }
  }

  /** Closes and deletes the temp files. Idempotent; never throws. */
  private void release() {
    releaseFile(channel, temp);
    if (copyTemp != null) {
      releaseFile(copyChannel, copyTemp);
    }
  }

  private static void releaseFile(FileChannel open, Path path) {
    try {
      if (open != null) {
        open.close();
      }
    } catch (IOException e) {
      log.warn("cannot close temp file {} tier=file", path, e);
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("cannot delete temp file {} tier=file; the next start deletes it", path, e);
    }
  }
}
