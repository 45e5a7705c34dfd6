package io.daramjwee.store.file;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of one entry file of a {@link FileStore}, big-endian:
 *
 * <pre>
 *   offset        bytes  field
 *   ------------  -----  ----------------------------------------------------
 *   0             4      magic "DJWF" (0x444A5746)
 *   4             1      format version, 1
 *   5             4      K, length of the key
 *   9             4      M, length of the metadata
 *   13            K      key, UTF-8: a reader compares it with the key it looks up, so two keys
 *                        whose hashes collide read as absent, never as each other's value
 *   13+K          M      metadata, as {@link Metadata#encode()}
 *   13+K+M        4      CRC32C of bytes [0, 13+K+M): the header
 *   17+K+M        N      body
 *   17+K+M+N      8      N, length of the body
 *   25+K+M+N      4      CRC32C of the body
 *   29+K+M+N      4      CRC32C of the 12 trailer bytes before it
 *   33+K+M+N             end of file
 * </pre>
 *
 * <p>The body's length and checksum come last because a writer streams a body whose length it
 * learns only at the end. A reader takes the body's extent from the file's size and confirms it
 * with the trailer: a file cut short anywhere (a torn copy, a damaged disk) ends in bytes that are
 * not a trailer agreeing with that size, except by a one-in-2^32 chance, and then the body
 * checksum still catches it.
 *
 * <p>Stateless and thread-safe.
 */
final class Frame {

  static final int MAGIC = 0x444A5746;
  static final byte VERSION = 1;

  /** Magic, version and the two lengths: enough to know how long the header is. */
  static final int PREFIX_LENGTH = 13;
  static final int TRAILER_LENGTH = 16;
  /** An entry with an empty key, no metadata and an empty body; no valid file is shorter. */
  static final int MIN_FILE_LENGTH = PREFIX_LENGTH + 4 + TRAILER_LENGTH;

  private Frame() {}

  /** The header, from offset 0 up to the body, ready to write. */
  static ByteBuffer header(byte[] key, byte[] metadata) {
    ByteBuffer header =
        ByteBuffer.allocate(Math.toIntExact(headerLength(key.length, metadata.length)));
    header.putInt(MAGIC).put(VERSION).putInt(key.length).putInt(metadata.length)
        .put(key).put(metadata);
    header.putInt(crc(header.array(), 0, header.position()));
    return header.flip();
  }

  /** The trailer of a body of {@code bodyLength} bytes whose CRC32C is {@code bodyCrc}. */
  static ByteBuffer trailer(long bodyLength, int bodyCrc) {
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_LENGTH);
    trailer.putLong(bodyLength).putInt(bodyCrc);
    trailer.putInt(crc(trailer.array(), 0, 12));
    return trailer.flip();
  }

  static long headerLength(long keyLength, long metadataLength) {
    return PREFIX_LENGTH + keyLength + metadataLength + 4;
  }

  /**
   * Checks the prefix at the start of {@code head} and returns the header's length.
   *
   * @param head at least {@link #PREFIX_LENGTH} bytes from offset 0, absolute indexing
   * @param fileLength the file's length, which the header and trailer must fit
   */
  static int headerLength(ByteBuffer head, long fileLength) throws CorruptEntryException {
    if (fileLength < MIN_FILE_LENGTH || head.limit() < PREFIX_LENGTH) {
      throw new CorruptEntryException(
          "file of " + fileLength + " bytes is shorter than any entry (" + MIN_FILE_LENGTH + ")");
    }
    int magic = head.getInt(0);
    if (magic != MAGIC) {
      throw new CorruptEntryException("bad magic 0x" + Integer.toHexString(magic));
    }
    byte version = head.get(4);
    if (version != VERSION) {
      throw new CorruptEntryException("unknown format version " + version);
    }
    int keyLength = head.getInt(5);
    int metadataLength = head.getInt(9);
    long headerLength = headerLength(keyLength, metadataLength);
    if (keyLength < 0 || metadataLength < 0
        || headerLength + TRAILER_LENGTH > fileLength || headerLength > Integer.MAX_VALUE) {
      throw new CorruptEntryException("key length " + keyLength + " and metadata length "
          + metadataLength + " do not fit a file of " + fileLength + " bytes");
    }
    return (int) headerLength;
  }

  /**
   * Checks the header's checksum and decodes it.
   *
   * @param header the whole header ({@link #headerLength(ByteBuffer, long)} bytes) from offset 0,
   *     in a buffer with an accessible array at offset 0
   */
  static Header decodeHeader(ByteBuffer header, int headerLength) throws CorruptEntryException {
    byte[] bytes = header.array();
    int stored = header.getInt(headerLength - 4);
    if (stored != crc(bytes, 0, headerLength - 4)) {
      throw new CorruptEntryException("header checksum mismatch");
    }
    int keyLength = header.getInt(5);
    int metadataLength = header.getInt(9);
    byte[] key = new byte[keyLength];
    System.arraycopy(bytes, PREFIX_LENGTH, key, 0, keyLength);
    byte[] metadata = new byte[metadataLength];
    System.arraycopy(bytes, PREFIX_LENGTH + keyLength, metadata, 0, metadataLength);
    return new Header(key, Metadata.decode(metadata), headerLength);
  }

  /**
   * Checks a trailer against the body length the file's size implies and returns the body's
   * CRC32C.
   *
   * @param trailer {@link #TRAILER_LENGTH} bytes from its position, in a buffer with an
   *     accessible array
   */
  static int bodyCrc(ByteBuffer trailer, long bodyLength) throws CorruptEntryException {
    int at = trailer.position();
    int stored = trailer.getInt(at + 12);
    if (stored != crc(trailer.array(), trailer.arrayOffset() + at, 12)) {
      throw new CorruptEntryException("trailer checksum mismatch: the file is torn or damaged");
    }
    long length = trailer.getLong(at);
    if (length != bodyLength) {
      throw new CorruptEntryException(
          "trailer says the body has " + length + " bytes, the file holds " + bodyLength);
    }
    return trailer.getInt(at + 8);
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** A decoded header: the stored key's UTF-8 bytes, the metadata, and where the body starts. */
  record Header(byte[] key, Metadata metadata, int length) {}
}
