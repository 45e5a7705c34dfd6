package io.daramjwee.store.s3;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of one S3 object of an {@link S3Store}, big-endian:
 *
 * <pre>
 *   offset        bytes  field
 *   ------------  -----  ----------------------------------------------------
 *   0             4      magic "DJWS" (0x444A5753)
 *   4             1      format version, 1
 *   5             4      K, length of the key
 *   9             4      M, length of the metadata
 *   13            K      key, UTF-8: the object's name is only a hash of it, so a reader compares
 *                        it with the key it looks up and reads a mismatch as absent
 *   13+K          M      metadata, as {@link Metadata#encode()}
 *   13+K+M        4      CRC32C of bytes [0, 13+K+M): the head
 *   17+K+M        N      body
 *   17+K+M+N      8      N, length of the body
 *   25+K+M+N      4      CRC32C of the body
 *   29+K+M+N      4      CRC32C of the 12 trailer bytes before it
 *   33+K+M+N             end of object
 * </pre>
 *
 * <p>Head and body share one object so that one ranged GET returns the head with the start of the
 * body (all of a small one) and one upload makes both visible at once; the head comes first so that {@code stat} reads it with a short ranged GET. The
 * body's length and checksum come last because a writer streams a body whose length it learns only
 * at the end. A reader takes the body's extent from the object's length and confirms it with the
 * trailer, so an object cut short or padded reads as corrupt.
 *
 * <p>Stateless and thread-safe.
 */
final class ObjectFrame {

  static final int MAGIC = 0x444A5753;
  static final byte VERSION = 1;

  /** Magic, version and the two lengths: enough to know how long the head is. */
  static final int PREFIX_LENGTH = 13;
  static final int TRAILER_LENGTH = 16;
  /** An entry with an empty key, no metadata and an empty body; no valid object is shorter. */
  static final int MIN_OBJECT_LENGTH = PREFIX_LENGTH + 4 + TRAILER_LENGTH;
  /**
   * The longest head a writer produces and a reader accepts: a damaged length field must not make
   * {@code stat} buffer a large part of an object.
   */
  static final int MAX_HEAD_LENGTH = 1 << 20;

  private ObjectFrame() {}

  /** The head, from offset 0 up to the body. */
  static byte[] head(byte[] key, byte[] metadata) {
    ByteBuffer head = ByteBuffer.allocate(Math.toIntExact(headLength(key.length, metadata.length)));
    head.putInt(MAGIC).put(VERSION).putInt(key.length).putInt(metadata.length)
        .put(key).put(metadata);
    head.putInt(crc(head.array(), 0, head.position()));
    return head.array();
  }

  /** The trailer of a body of {@code bodyLength} bytes whose CRC32C is {@code bodyCrc}. */
  static byte[] trailer(long bodyLength, int bodyCrc) {
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_LENGTH);
    trailer.putLong(bodyLength).putInt(bodyCrc);
    trailer.putInt(crc(trailer.array(), 0, 12));
    return trailer.array();
  }

  static long headLength(long keyLength, long metadataLength) {
    return PREFIX_LENGTH + keyLength + metadataLength + 4;
  }

  /**
   * Checks the prefix at the start of {@code bytes} and returns the head's length.
   *
   * @param bytes at least {@link #PREFIX_LENGTH} bytes from offset 0 of the object
   * @param objectLength the object's length, which the head and trailer must fit
   */
  static int headLength(byte[] bytes, long objectLength) throws CorruptEntryException {
    if (objectLength < MIN_OBJECT_LENGTH || bytes.length < PREFIX_LENGTH) {
      throw new CorruptEntryException("object of " + objectLength
          + " bytes is shorter than any entry (" + MIN_OBJECT_LENGTH + ")");
    }
    ByteBuffer prefix = ByteBuffer.wrap(bytes);
    int magic = prefix.getInt(0);
    if (magic != MAGIC) {
      throw new CorruptEntryException("bad magic 0x" + Integer.toHexString(magic));
    }
    byte version = prefix.get(4);
    if (version != VERSION) {
      throw new CorruptEntryException("unknown format version " + version);
    }
    int keyLength = prefix.getInt(5);
    int metadataLength = prefix.getInt(9);
    long headLength = headLength(keyLength, metadataLength);
    if (keyLength < 0 || metadataLength < 0 || headLength > MAX_HEAD_LENGTH
        || headLength + TRAILER_LENGTH > objectLength) {
      throw new CorruptEntryException("key length " + keyLength + " and metadata length "
          + metadataLength + " do not fit an object of " + objectLength + " bytes");
    }
    return (int) headLength;
  }

  /**
   * Checks the head's checksum and decodes it.
   *
   * @param bytes at least the whole head ({@code headLength} bytes) from offset 0
   */
  static Head decodeHead(byte[] bytes, int headLength) throws CorruptEntryException {
    ByteBuffer head = ByteBuffer.wrap(bytes);
    if (head.getInt(headLength - 4) != crc(bytes, 0, headLength - 4)) {
      throw new CorruptEntryException("head checksum mismatch");
    }
    int keyLength = head.getInt(5);
    int metadataLength = head.getInt(9);
    byte[] key = new byte[keyLength];
    System.arraycopy(bytes, PREFIX_LENGTH, key, 0, keyLength);
    byte[] metadata = new byte[metadataLength];
    System.arraycopy(bytes, PREFIX_LENGTH + keyLength, metadata, 0, metadataLength);
    return new Head(key, Metadata.decode(metadata), headLength);
  }

  /**
   * Checks a trailer against the body length the object's length implies and returns the body's
   * CRC32C.
   *
   * @param trailer {@link #TRAILER_LENGTH} bytes from {@code offset}
   */
  static int bodyCrc(byte[] trailer, int offset, long bodyLength) throws CorruptEntryException {
    ByteBuffer t = ByteBuffer.wrap(trailer, offset, TRAILER_LENGTH).slice();
    if (t.getInt(12) != crc(trailer, offset, 12)) {
      throw new CorruptEntryException("trailer checksum mismatch: the object is torn or damaged");
    }
    long length = t.getLong(0);
    if (length != bodyLength) {
      throw new CorruptEntryException(
          "trailer says the body has " + length + " bytes, the object holds " + bodyLength);
    }
    return t.getInt(8);
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** A decoded head: the stored key's UTF-8 bytes, the metadata, and where the body starts. */
  record Head(byte[] key, Metadata metadata, int length) {}
}
