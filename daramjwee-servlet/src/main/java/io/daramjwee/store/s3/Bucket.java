package io.daramjwee.store.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 calls of an {@link S3Store} on its bucket. Each turns an SDK failure into an
 * {@link IOException} whose message names the bucket, the object key and the cache key, never a
 * credential. The SDK's own checked and unchecked exceptions stop here.
 *
 * <p>A multipart upload whose abort cannot reach the server (it is down, say) would otherwise stay
 * open and billed until a bucket lifecycle rule removes it, so the abort is remembered (up to
 * {@value #MAX_ORPHANS}) and tried again before later uploads and at close. A lifecycle rule
 * aborting incomplete uploads remains the backstop for a process that dies mid-upload.
 *
 * <p>Thread-safe, as the SDK client is. Owns the client: {@link #close()} closes it.
 */
final class Bucket implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Bucket.class);

  static final int MAX_ORPHANS = 1_000;

  private final S3Client client;
  private final String name;
  private final Set<Upload> orphans = ConcurrentHashMap.newKeySet();
  private final Set<Upload> active = ConcurrentHashMap.newKeySet();

  Bucket(S3Client client, String name) {
    this.client = client;
    this.name = name;
  }

  String name() {
    return name;
  }

  /**
   * Opens the whole object for streaming, or returns {@code null} when there is none. The caller
   * closes the stream, or {@linkplain ResponseInputStream#abort() aborts} it to drop the
   * connection rather than drain a body it will not read.
   */
  ResponseInputStream<GetObjectResponse> get(String objectKey, String key) throws IOException {
    try {
      return client.getObject(b -> b.bucket(name).key(objectKey));
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      if (isNotFound(e)) {
        return null;
      }
      throw failure("GET", objectKey, key, e);
    }
  }

  /**
   * Reads at most {@code length} bytes from {@code offset} with a ranged GET. Reads no more than
   * asked even from a server that ignores the range and sends the whole object.
   *
   * @param ifMatch the ETag the object must still have, or {@code null} for any
   * @return the bytes, or {@code null} when the object does not exist, or {@link Range#CHANGED}
   *     when it no longer has the ETag {@code ifMatch}
   */
  Range getRange(String objectKey, String key, long offset, int length, String ifMatch)
      throws IOException {
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = client.getObject(b -> b.bucket(name).key(objectKey).range(range).ifMatch(ifMatch));
    } catch (SdkException e) {
      if (e instanceof NoSuchKeyException || isNotFound(e)) {
        return null;
      }
      if (e instanceof S3Exception s3 && s3.statusCode() == 412) {
        return Range.CHANGED;
      }
      throw failure("GET " + range + " of", objectKey, key, e);
    }
    boolean drained = false;
    try {
      byte[] bytes = in.readNBytes(length);
      long sent = in.response().contentLength();
      if (bytes.length < Math.min(length, sent)) {
        throw new IOException("the response ended after " + bytes.length + " of its " + sent
            + " bytes");
      }
      drained = bytes.length == sent;
      return new Range(bytes, objectLength(in.response()), in.response().eTag());
    } catch (IOException | SdkException e) {
      throw failure("GET " + range + " of", objectKey, key, e);
    } finally {
      // A drained response leaves its connection for reuse; anything else a server sent beyond
      // the range is dropped with the connection rather than read.
      if (drained) {
        closeQuietly(in);
      } else {
        in.abort();
      }
    }
  }

  /**
   * Opens bytes {@code [first, first + count)} of the object that has the ETag {@code eTag} and
   * {@code objectLength} bytes, with a ranged GET conditional on the ETag, for a reader that
   * already read another part of it. The response is checked to be that part of that object, so
   * bytes of another version, or of another range from a server that ignores the header, are
   * never handed out.
   *
   * @param count at least 1
   * @throws IOException when the object was deleted or replaced since (404, 412), when the
   *     response is not the part asked for, or when the call fails
   */
  ResponseInputStream<GetObjectResponse> getPart(String objectKey, String key, long first,
      long count, long objectLength, String eTag) throws IOException {
    String range = "bytes=" + first + "-" + (first + count - 1);
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = client.getObject(b -> b.bucket(name).key(objectKey).range(range).ifMatch(eTag));
    } catch (SdkException e) {
      if (e instanceof NoSuchKeyException || isNotFound(e)) {
        throw failure("GET " + range + " of", objectKey, key,
            new IOException("the object was deleted after the entry was opened", e));
      }
      if (e instanceof S3Exception s3 && s3.statusCode() == 412) {
        throw failure("GET " + range + " of", objectKey, key,
            new IOException("the object was replaced after the entry was opened", e));
      }
      throw failure("GET " + range + " of", objectKey, key, e);
    }
    GetObjectResponse response = in.response();
    String expected = "bytes " + first + "-" + (first + count - 1) + "/" + objectLength;
    String contentRange = response.contentRange();
    if (contentRange == null || !expected.equals(contentRange.trim())
        || response.contentLength() == null || response.contentLength() != count
        || (eTag != null && response.eTag() != null && !eTag.equals(response.eTag()))) {
      in.abort();
      throw failure("GET " + range + " of", objectKey, key, new IOException("the response is"
          + " not that part of the object opened (Content-Range " + contentRange + ", ETag "
          + response.eTag() + ", expected " + expected + ", ETag " + eTag + ")"));
    }
    return in;
  }

  /** Uploads {@code bytes[0, length)} as the whole object with one PutObject. */
  void put(String objectKey, String key, byte[] bytes, int length) throws IOException {
    try {
      client.putObject(b -> b.bucket(name).key(objectKey).contentLength((long) length),
          body(bytes, 0, length));
    } catch (SdkException e) {
      throw failure("PUT", objectKey, key, e);
    }
  }

  /** Removes the object; succeeds when there is none. */
  void delete(String objectKey, String key) throws IOException {
    try {
      client.deleteObject(b -> b.bucket(name).key(objectKey));
    } catch (SdkException e) {
      throw failure("DELETE", objectKey, key, e);
    }
  }

  /** Starts a multipart upload; until it completes or aborts, {@link #close()} aborts it. */
  Upload createUpload(String objectKey, String key) throws IOException {
    try {
      Upload upload = new Upload(objectKey,
          client.createMultipartUpload(b -> b.bucket(name).key(objectKey)).uploadId());
      active.add(upload);
      return upload;
    } catch (SdkException e) {
      throw failure("CreateMultipartUpload for", objectKey, key, e);
    }
  }

  /** Uploads part {@code number} (from 1) of the upload from {@code bytes[offset, +length)}. */
  CompletedPart uploadPart(Upload upload, String key, int number, byte[] bytes, int offset,
      int length) throws IOException {
    try {
      String eTag = client.uploadPart(b -> b.bucket(name).key(upload.objectKey())
              .uploadId(upload.id()).partNumber(number).contentLength((long) length),
          body(bytes, offset, length)).eTag();
      return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    } catch (SdkException e) {
      throw failure("UploadPart " + number + " for", upload.objectKey(), key, e);
    }
  }

  /**
   * Completes the upload: from now on the object is the concatenation of {@code parts}.
   *
   * <p>The SDK retries a completion that failed with a 5xx or an I/O error, but the failed attempt
   * may have completed the upload all the same (a server that failed after assembling the
   * object, a response lost on the way), and then the retry finds no upload: 404
   * {@code NoSuchUpload}. Only this writer completes or aborts its upload id, so an upload that
   * vanished between two attempts of its own completion was completed by the first: the commit
   * succeeded (the object may already be a later writer's, as after any commit).
   */
  void completeUpload(Upload upload, String key, List<CompletedPart> parts) throws IOException {
    try {
      client.completeMultipartUpload(b -> b.bucket(name).key(upload.objectKey())
          .uploadId(upload.id()).multipartUpload(m -> m.parts(parts)));
      active.remove(upload);
    } catch (SdkException e) {
      if (!retriedIntoNoSuchUpload(e)) {
        throw failure("CompleteMultipartUpload for", upload.objectKey(), key, e);
      }
      log.debug("completion of {} was retried and found its upload completed", upload.objectKey());
      active.remove(upload);
    }
  }

  private static boolean retriedIntoNoSuchUpload(SdkException e) {
    return e instanceof S3Exception s3 && s3.statusCode() == 404
        && e.numAttempts() != null && e.numAttempts() > 1;
  }

  /**
   * Aborts the upload, so none of its parts stays stored. Never throws: an abort that fails is
   * logged and remembered, to be tried again by {@link #retryAborts()}.
   */
  void abortUpload(Upload upload, String key) {
    active.remove(upload);
    if (!tryAbort(upload)) {
      if (orphans.size() < MAX_ORPHANS) {
        orphans.add(upload);
      }
      log.warn("multipart upload of key={} tier=s3 to s3://{}/{} could not be aborted; it will be"
          + " retried", describe(key), name, upload.objectKey());
    }
  }

  /** Tries again the aborts that failed before; those that fail again stay remembered. */
  void retryAborts() {
    for (Upload upload : orphans) {
      if (tryAbort(upload)) {
        orphans.remove(upload);
      }
    }
  }

  /** Aborts that failed and are still to be retried. */
  int pendingAborts() {
    return orphans.size();
  }

  /**
   * Aborts the uploads still in progress (their writers' commits then fail), tries the failed
   * aborts once more, and closes the SDK client and with it its connections and threads.
   */
  @Override
  public void close() {
    try {
      for (Upload upload : active) {
        abortUpload(upload, upload.objectKey());
      }
      retryAborts();
      if (!orphans.isEmpty()) {
        log.warn("{} multipart uploads to s3://{} tier=s3 could not be aborted before close;"
            + " a bucket lifecycle rule must remove them", orphans.size(), name);
      }
    } finally {
      client.close();
    }
  }

  private boolean tryAbort(Upload upload) {
    try {
      client.abortMultipartUpload(b -> b.bucket(name).key(upload.objectKey())
          .uploadId(upload.id()));
      return true;
    } catch (NoSuchUploadException e) {
      return true; // already gone: aborted or completed before
    } catch (RuntimeException e) { // SdkException, or IllegalStateException once closed
      if (e instanceof SdkException sdk && isNotFound(sdk)) {
        return true;
      }
      log.debug("abort of upload {} of s3://{}/{} failed", upload.id(), name, upload.objectKey(), e);
      return false;
    }
  }

  private static void closeQuietly(ResponseInputStream<?> in) {
    try {
      in.close();
    } catch (IOException | SdkException e) {
      log.debug("closing a drained response failed", e);
    }
  }

  /** A body the SDK may read more than once (to sign it, to retry) without copying it. */
  private static RequestBody body(byte[] bytes, int offset, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(bytes, offset, length), length, "application/octet-stream");
  }

  private static boolean isNotFound(SdkException e) {
    return e instanceof S3Exception s3 && s3.statusCode() == 404;
  }

  /** The object's full length, from {@code Content-Range} if the response is partial. */
  private static long objectLength(GetObjectResponse response) {
    String contentRange = response.contentRange();
    if (contentRange != null) {
      int slash = contentRange.lastIndexOf('/');
      if (slash >= 0 && !contentRange.endsWith("*")) {
        return Long.parseLong(contentRange.substring(slash + 1).trim());
      }
    }
    return response.contentLength();
  }

  /** An IOException naming the bucket and keys of a failed {@code operation}. */
  IOException failure(String operation, String objectKey, String key, Exception cause) {
    return new IOException("S3 " + operation + " s3://" + name + "/" + objectKey + " (key "
        + describe(key) + ") failed: " + cause.getMessage(), cause);
  }

  /** A key as logs and messages show it: quoted, long ones shortened. */
  static String describe(String key) {
    return key.length() <= 80 ? "'" + key + "'"
        : "'" + key.substring(0, 60) + "…' (" + key.length() + " chars)";
  }

  /** An upload in progress: the object it will become and its id. */
  record Upload(String objectKey, String id) {}

  /** Bytes read from an object, the object's whole length and its ETag. */
  record Range(byte[] bytes, long objectLength, String eTag) {
    /** The object was replaced between two reads. */
    static final Range CHANGED = new Range(new byte[0], -1, null);
  }
}
