package io.daramjwee.store.chunked;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.Metadata;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The manifest of one committed write in a key-value store that keeps bodies in chunks (the
 * Ehcache and Redis stores): the value stored under the entry's key. Storing it is the commit: a
 * write is visible exactly when its manifest is stored, so one put publishes it, and everything a
 * reader needs to check the body travels in this one value. Big-endian:
 *
 * <pre>
 *   offset        bytes  field
 *   ------------  -----  ----------------------------------------------------------------
 *   0             4      magic "DJWE" (0x444A5745)
 *   4             1      format version, 1
 *   5             4      K, length of the key
 *   9             4      M, length of the metadata
 *   13            K      key, UTF-8: a reader compares it with the key it looks up
 *   13+K          M      metadata, as {@link Metadata#encode()}
 *   13+K+M        16     write id, 128 bits ({@link WriteIds}): the chunks are named by it
 *   29+K+M        8      N, length of the body
 *   37+K+M        4      S, chunk size: every chunk but the last holds S bytes; 0 when inline
 *   41+K+M        4      C, chunk count: ceil(N / S), or 0 when the body is inline
 *   45+K+M        4      CRC32C of the whole body
 *   49+K+M        I      the body itself when inline (C = 0, I = N), else nothing (I = 0)
 *   49+K+M+I      4      CRC32C of every byte before it
 *   53+K+M+I             end
 * </pre>
 *
 * <p>A body of at most the store's inline threshold lives here, so a small hit is one cache read;
 * a larger one lives in chunks ({@link ChunkSource} draws a chunk), each checked on its own as it
 * streams, and the whole body's checksum is checked before its last chunk is served.
 *
 * <p>Immutable and thread-safe. {@link #raw()} is the array as stored, which a store may share
 * (Ehcache's heap tier does): nothing may write to it.
 */
public final class ChunkManifest {

  static final int MAGIC = 0x444A5745;
  static final byte VERSION = 1;
  private static final int PREFIX_LENGTH = 13;
  /** Write id, body length, chunk size, chunk count, body checksum. */
  private static final int FIXED_LENGTH = 16 + 8 + 4 + 4 + 4;

  private final byte[] raw;
  private final Metadata metadata;
  private final String writeId;
  private final long bodyLength;
  private final int chunkSize;
  private final int chunkCount;
  private final int bodyCrc;
  private final int inlineOffset;

  private ChunkManifest(byte[] raw, Metadata metadata, String writeId, long bodyLength, int chunkSize,
      int chunkCount, int bodyCrc, int inlineOffset) {
    this.raw = raw;
    this.metadata = metadata;
    this.writeId = writeId;
    this.bodyLength = bodyLength;
    this.chunkSize = chunkSize;
    this.chunkCount = chunkCount;
    this.bodyCrc = bodyCrc;
    this.inlineOffset = inlineOffset;
  }

  /** The manifest of a body held inline: {@code body[0, length)}. */
  public static byte[] inline(byte[] key, byte[] metadata, String writeId, byte[] body, int length,
      int bodyCrc) {
    return encode(key, metadata, writeId, length, 0, 0, bodyCrc, body, length);
  }

  /** The manifest of a body of {@code bodyLength} bytes in {@code chunkCount} chunks. */
  public static byte[] chunked(byte[] key, byte[] metadata, String writeId, long bodyLength,
      int chunkSize, int chunkCount, int bodyCrc) {
    return encode(key, metadata, writeId, bodyLength, chunkSize, chunkCount, bodyCrc, null, 0);
  }

  private static byte[] encode(byte[] key, byte[] metadata, String writeId, long bodyLength,
      int chunkSize, int chunkCount, int bodyCrc, byte[] inline, int inlineLength) {
    int length = PREFIX_LENGTH + key.length + metadata.length + FIXED_LENGTH + inlineLength + 4;
    ByteBuffer out = ByteBuffer.allocate(length);
    out.putInt(MAGIC).put(VERSION).putInt(key.length).putInt(metadata.length)
        .put(key).put(metadata)
        .putLong(WriteIds.high(writeId)).putLong(WriteIds.low(writeId))
        .putLong(bodyLength).putInt(chunkSize).putInt(chunkCount).putInt(bodyCrc);
    if (inlineLength > 0) {
      out.put(inline, 0, inlineLength);
    }
    out.putInt(crc(out.array(), 0, length - 4));
    return out.array();
  }

  /**
   * Checks and parses a stored manifest.
   *
   * @param key the UTF-8 key looked up, or {@code null} to accept any (the orphan sweep)
   * @throws CorruptEntryException when the bytes fail the checksum or the format, or hold another
   *     key
   */
  public static ChunkManifest decode(byte[] raw, byte[] key) throws CorruptEntryException {
    int min = PREFIX_LENGTH + FIXED_LENGTH + 4;
    if (raw.length < min) {
      throw new CorruptEntryException("manifest of " + raw.length + " bytes is shorter than any ("
          + min + ")");
    }
    ByteBuffer in = ByteBuffer.wrap(raw);
    if (in.getInt(raw.length - 4) != crc(raw, 0, raw.length - 4)) {
      throw new CorruptEntryException("manifest checksum mismatch");
    }
    if (in.getInt() != MAGIC || in.get() != VERSION) {
      throw new CorruptEntryException("not a manifest of format version " + VERSION);
    }
    int keyLength = in.getInt();
    int metadataLength = in.getInt();
    if (keyLength < 0 || metadataLength < 0
        || (long) keyLength + metadataLength > raw.length - min) {
      throw new CorruptEntryException("key length " + keyLength + " and metadata length "
          + metadataLength + " do not fit a manifest of " + raw.length + " bytes");
    }
    if (key != null && !Arrays.equals(raw, PREFIX_LENGTH, PREFIX_LENGTH + keyLength,
        key, 0, key.length)) {
      throw new CorruptEntryException("manifest holds another key");
    }
    int metadataAt = PREFIX_LENGTH + keyLength;
    in.position(metadataAt + metadataLength);
    String writeId = WriteIds.hex(in.getLong(), in.getLong());
    long bodyLength = in.getLong();
    int chunkSize = in.getInt();
    int chunkCount = in.getInt();
    int bodyCrc = in.getInt();
    int inlineOffset = in.position();
    long inlineLength = raw.length - 4 - inlineOffset;
    boolean consistent = chunkCount == 0
        ? chunkSize == 0 && inlineLength == bodyLength
        : inlineLength == 0 && chunkSize > 0 && bodyLength > 0
            && (bodyLength + chunkSize - 1) / chunkSize == chunkCount;
    if (!consistent) {
      throw new CorruptEntryException("body of " + bodyLength + " bytes does not fit " + chunkCount
          + " chunks of " + chunkSize + " and " + inlineLength + " inline bytes");
    }
    Metadata metadata =
        Metadata.decode(Arrays.copyOfRange(raw, metadataAt, metadataAt + metadataLength));
    return new ChunkManifest(raw, metadata, writeId, bodyLength, chunkSize, chunkCount, bodyCrc,
        inlineOffset);
  }

  public byte[] raw() {
    return raw;
  }

  public Metadata metadata() {
    return metadata;
  }

  public String writeId() {
    return writeId;
  }

  public long bodyLength() {
    return bodyLength;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public int chunkCount() {
    return chunkCount;
  }

  public int bodyCrc() {
    return bodyCrc;
  }

  public boolean isInline() {
    return chunkCount == 0;
  }

  /** Bytes in chunk {@code index}: the chunk size, but the last may be shorter. */
  public int chunkLength(int index) {
    return (int) Math.min(chunkSize, bodyLength - (long) index * chunkSize);
  }

  /**
   * The inline body, already covered by the manifest's checksum; reads the stored array, and opens
   * a part of it without a copy ({@link io.daramjwee.RangeReadable}).
   */
  public InputStream inlineBody() {
    return new InlineBody(raw, inlineOffset, (int) bodyLength);
  }

  public static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
