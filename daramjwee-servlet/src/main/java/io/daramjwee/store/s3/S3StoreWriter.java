package io.daramjwee.store.s3;

import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writes one object of an {@link S3Store} (see {@link ObjectFrame}): the head, the body, and at
 * commit the trailer. An object of at most the store's single-PUT threshold is gathered in memory
 * and uploaded with one PutObject at commit. A larger one becomes a multipart upload as soon as it
 * outgrows the threshold, sent in parts of the store's part size as they fill, the last part (with
 * the trailer) at commit, which then completes the upload. Either way S3 shows the object only
 * once the PutObject or CompleteMultipartUpload succeeds, whole; until then the previous value of
 * the key stays visible.
 *
 * <p>Explicit multipart calls rather than the SDK's multipart-enabled async client: part buffers
 * stay bounded and are reused, a failure surfaces on the writing thread at the call that failed,
 * {@link #abort()} maps to one AbortMultipartUpload of a known upload id, and one synchronous
 * client serves reads and writes alike (no event-loop threads to own). The buffer holds at most
 * {@code max(threshold + 1, partSize)} bytes; parts go up one at a time from the writing thread.
 *
 * <p>The head, with the metadata, leads the object, so {@link #amendMetadata} can replace it only
 * while it is still in the buffer: always for an object that goes up with one PutObject, and for a
 * multipart one until its first part is sent. A head of the same length is overwritten in place;
 * one of another length is framed again, copying the buffered body once (which may tip the object
 * over the threshold into a multipart upload). Once the first part is sent the head is in S3 and
 * the amend returns false, so the object is published with the metadata the write started with.
 *
 * <p>Thread safety: as {@link StoreWriter}; one thread writes, any thread may abort. An abort
 * aborts the multipart upload under the writing thread, whose next part upload then fails with an
 * {@code IOException}; an abort racing the upload's creation is seen by the writing thread, which
 * aborts the new upload itself.
 */
final class S3StoreWriter extends StoreWriter {

  /** S3 numbers parts from 1 to 10,000. */
  static final int MAX_PARTS = 10_000;
  private static final int INITIAL_BUFFER = 8 * 1024;

  private final S3Store store;
  private final Bucket bucket;
  private final String key;
  private final String objectKey;
  private final byte[] keyUtf8;
  private final long threshold;
  private final int partSize;
  private final int limit;
  private final CRC32C crc = new CRC32C();
  private final List<CompletedPart> parts = new ArrayList<>();
  private byte[] buffer;
  private int size;
  private int headLength; // at the start of the buffer until the first part is sent
  private long bodyLength;
  private Bucket.Upload started; // the writing thread's view of the upload
  private Bucket.Upload upload; // guarded by this: what an abort from another thread must abort
  private boolean aborted; // guarded by this

  S3StoreWriter(S3Store store, Bucket bucket, String key, byte[] keyUtf8, String objectKey,
      byte[] head, long threshold, int partSize) throws IOException {
    this.store = store;
    this.bucket = bucket;
    this.key = key;
    this.keyUtf8 = keyUtf8;
    this.objectKey = objectKey;
    this.threshold = threshold;
    this.partSize = partSize;
    this.limit = (int) Math.max(threshold + 1, partSize);
    this.buffer = new byte[Math.min(limit, Math.max(INITIAL_BUFFER, head.length))];
    this.headLength = head.length;
    append(head, 0, head.length);
  }

  @Override
  protected void doWrite(byte[] b, int off, int len) throws IOException {
    crc.update(b, off, len);
    bodyLength += len;
    append(b, off, len);
  }

  /**
   * Replaces the buffered head, or returns false once the first part, which begins with it, is
   * sent (or when the new head is longer than an object head may be).
   */
  @Override
  protected boolean doAmend(Metadata metadata) throws IOException {
    if (!parts.isEmpty()) {
      return false;
    }
    byte[] head = ObjectFrame.head(keyUtf8, metadata.encode());
    if (head.length > ObjectFrame.MAX_HEAD_LENGTH) {
      return false;
    }
    if (head.length == headLength) {
      System.arraycopy(head, 0, buffer, 0, head.length);
      return true;
    }
    // The body moves: buffer it again behind the new head, through append, which keeps the
    // single-PUT threshold and part size as for any write.
    byte[] body = Arrays.copyOfRange(buffer, headLength, size);
    size = 0;
    headLength = head.length;
    append(head, 0, head.length);
    append(body, 0, body.length);
    return true;
  }

  @Override
  protected void doCommit() throws IOException {
    store.ensureOpenForCommit(key);
    bucket.retryAborts();
    byte[] trailer = ObjectFrame.trailer(bodyLength, (int) crc.getValue());
    append(trailer, 0, trailer.length);
    if (started == null) {
      bucket.put(objectKey, key, buffer, size);
    } else {
      uploadPart(0, size); // never empty: the trailer is in it
      bucket.completeUpload(started, key, parts);
    }
  }

  @Override
  protected void doAbort() {
    Bucket.Upload toAbort;
    synchronized (this) {
      aborted = true;
      toAbort = upload;
    }
    // The buffer is left to the collector, not cleared: the writing thread may still copy into it.
    if (toAbort != null) {
      bucket.abortUpload(toAbort, key);
    }
  }

  /** Buffers bytes; past the threshold, starts the multipart upload and sends each full part. */
  private void append(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, limit - size);
      ensureCapacity(size + n);
      System.arraycopy(b, off, buffer, size, n);
      size += n;
      off += n;
      len -= n;
      if (started == null && size > threshold) {
        startUpload();
      }
      if (started != null) {
        uploadFullParts();
      }
    }
  }

  private void startUpload() throws IOException {
    Bucket.Upload created = bucket.createUpload(objectKey, key);
    boolean abortNow;
    synchronized (this) {
      abortNow = aborted;
      if (!abortNow) {
        upload = created;
      }
    }
    if (abortNow) {
      bucket.abortUpload(created, key);
      throw new IOException("write of key " + Bucket.describe(key) + " was aborted");
    }
    started = created;
  }

  private void uploadFullParts() throws IOException {
    int at = 0;
    while (size - at >= partSize) {
      uploadPart(at, partSize);
      at += partSize;
    }
    if (at > 0) {
      System.arraycopy(buffer, at, buffer, 0, size - at);
      size -= at;
    }
  }

  private void uploadPart(int offset, int length) throws IOException {
    if (parts.size() == MAX_PARTS) {
      throw new IOException("entry of key " + Bucket.describe(key) + " needs more than "
          + MAX_PARTS + " parts of " + partSize + " bytes; raise the part size");
    }
    parts.add(bucket.uploadPart(started, key, parts.size() + 1, buffer, offset, length));
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(needed, 2L * buffer.length)));
    }
  }
}
