package io.daramjwee.store.file;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An entry file opened for reading, its header and trailer checked against each other and the
 * file's size (see {@link Frame}). A file no longer than the {@code wholeMax} it was opened with is
 * read whole, its body verified at once, and its channel closed; a longer one keeps its channel
 * open for {@link #body}, which verifies the body as it streams.
 *
 * <p>The channel pins the file's bytes: on POSIX a rename over the file or its deletion leaves an
 * open file readable, which is how a reader keeps its entry across a replace.
 *
 * <p>Not thread-safe: one thread opens, reads and closes it.
 */
final class EntryFile implements Closeable {

  /**
   * Files up to this size are read whole by {@code getStream} and verified before it returns, so
   * a damaged one reads as absent; larger ones are verified at the end of their stream. Big enough
   * that typical responses never stream unverified bytes, small enough that a hit's buffer stays
   * modest.
   */
  static final int VERIFY_WHOLE_MAX = 256 * 1024;

  /** The first read of a file not read whole; most headers fit. */
  static final int HEAD_READ = 4 * 1024;

  private FileChannel channel; // null once closed or handed to the body stream
  private final Frame.Header header;
  private final long fileLength;
  private final long bodyLength;
  private final int bodyCrc;
  private final byte[] whole; // the verified file when read whole, else null

  private EntryFile(FileChannel channel, Frame.Header header, long fileLength, int bodyCrc,
      byte[] whole) {
    this.channel = channel;
    this.header = header;
    this.fileLength = fileLength;
    this.bodyLength = fileLength - header.length() - Frame.TRAILER_LENGTH;
    this.bodyCrc = bodyCrc;
    this.whole = whole;
  }

  /**
   * Opens and checks {@code path}.
   *
   * @param wholeMax read and verify the whole file if it is no longer than this
   * @throws java.nio.file.NoSuchFileException when there is no such file
   * @throws CorruptEntryException when the header, trailer, size or (if read whole) body checksum
   *     disagree
   */
  static EntryFile open(Path path, int wholeMax) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    boolean keepOpen = false;
    try {
      long fileLength = channel.size();
      boolean readWhole = fileLength <= wholeMax;
      ByteBuffer head =
          read(channel, 0, (int) (readWhole ? fileLength : Math.min(fileLength, HEAD_READ)));
      int headerLength = Frame.headerLength(head, fileLength);
      if (headerLength > head.capacity()) {
        head = read(channel, 0, headerLength);
      }
      Frame.Header header = Frame.decodeHeader(head, headerLength);
      long bodyLength = fileLength - headerLength - Frame.TRAILER_LENGTH;
      ByteBuffer trailer = readWhole
          ? head.position((int) (fileLength - Frame.TRAILER_LENGTH))
          : read(channel, fileLength - Frame.TRAILER_LENGTH, Frame.TRAILER_LENGTH);
      int bodyCrc = Frame.bodyCrc(trailer, bodyLength);
      if (!readWhole) {
        keepOpen = true;
        return new EntryFile(channel, header, fileLength, bodyCrc, null);
      }
      if (Frame.crc(head.array(), headerLength, (int) bodyLength) != bodyCrc) {
        throw new CorruptEntryException("body checksum mismatch");
      }
      return new EntryFile(null, header, fileLength, bodyCrc, head.array());
    } finally {
      if (!keepOpen) {
        channel.close();
      }
    }
  }

  /** True when this file holds {@code key} (UTF-8), not another key with the same hash. */
  boolean holds(byte[] key) {
    return Arrays.equals(header.key(), key);
  }

  /** The stored key's UTF-8 bytes. */
  byte[] key() {
    return header.key();
  }

  /** The file's length when opened: the bytes it counts against the store's capacity. */
  long fileLength() {
    return fileLength;
  }

  Metadata metadata() {
    return header.metadata();
  }

  /** Whether the file was read whole (and its body verified) when opened. */
  boolean readWhole() {
    return whole != null;
  }

  /**
   * The body, once. For a file read whole, the verified bytes ({@code owner} is not used);
   * otherwise a {@link VerifiedBodyStream} that owns this file's channel and fails with
   * {@link CorruptEntryException}, after telling {@code owner}, if the body does not match its
   * checksum.
   */
  InputStream body(VerifiedBodyStream.Owner owner) {
    if (whole != null) {
      return new ByteArrayInputStream(whole, header.length(), (int) bodyLength);
    }
    FileChannel owned = channel;
    channel = null;
    return new VerifiedBodyStream(owned, header.length(), bodyLength, bodyCrc, owner);
  }

  /** Closes the channel unless {@link #body} took it. */
  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  /** Exactly {@code length} bytes from {@code position}, in a buffer positioned at 0. */
  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new CorruptEntryException("file ends at byte " + (position + buffer.position())
            + ", before the " + (position + length) + " it had when opened");
      }
    }
    return buffer.clear();
  }
}
