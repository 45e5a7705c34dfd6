package io.daramjwee.store.s3;

import java.nio.ByteBuffer;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Damages and inspects an {@link S3Store}'s objects behind its back, knowing {@link ObjectFrame}. */
final class S3Objects {

  private S3Objects() {}

  static byte[] read(S3Client raw, String objectKey) {
    return raw.getObjectAsBytes(b -> b.bucket(S3Server.BUCKET).key(objectKey)).asByteArray();
  }

  static void write(S3Client raw, String objectKey, byte[] bytes) {
    raw.putObject(b -> b.bucket(S3Server.BUCKET).key(objectKey), RequestBody.fromBytes(bytes));
  }

  /** Rewrites the object with one byte in the middle of its body inverted. */
  static void flipBodyByte(S3Client raw, String objectKey) {
    byte[] object = read(raw, objectKey);
    ByteBuffer prefix = ByteBuffer.wrap(object);
    long headLength = ObjectFrame.headLength(prefix.getInt(5), prefix.getInt(9));
    long bodyLength = object.length - headLength - ObjectFrame.TRAILER_LENGTH;
    int at = (int) (headLength + bodyLength / 2);
    object[at] = (byte) ~object[at];
    write(raw, objectKey, object);
  }

  static boolean exists(S3Client raw, String objectKey) {
    try {
      raw.headObject(b -> b.bucket(S3Server.BUCKET).key(objectKey));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  /** The multipart uploads in progress in the bucket. */
  static List<MultipartUpload> openUploads(S3Client raw) {
    return raw.listMultipartUploads(b -> b.bucket(S3Server.BUCKET)).uploads();
  }

  /** The names of every object in the bucket. */
  static List<String> objectKeys(S3Client raw) {
    return raw.listObjectsV2Paginator(b -> b.bucket(S3Server.BUCKET)).contents().stream()
        .map(o -> o.key()).toList();
  }
}
