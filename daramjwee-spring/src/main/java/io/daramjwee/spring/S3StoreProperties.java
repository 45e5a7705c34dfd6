package io.daramjwee.spring;

import java.net.URI;

/**
 * An S3 bucket, or a bucket on an S3-compatible server. Bound from {@code daramjwee.cold.s3} as
 * part of {@link DaramjweeProperties}; mutable for the binder, and only read once bound.
 */
public class S3StoreProperties {

  /** The bucket holding the entries; required for an S3 store, and it must exist. */
  private String bucket;

  /** A prefix for every object name, such as cache/. */
  private String prefix = "";

  /** The bucket's region; unset uses the AWS SDK's region lookup. */
  private String region;

  /** The endpoint of an S3-compatible server; unset uses AWS. */
  private URI endpoint;

  /** Whether the bucket is addressed in the path rather than the host name, as most S3-compatible servers need. */
  private boolean pathStyle = false;

  /** The access key id; unset uses the AWS SDK's default credentials chain. */
  private String accessKeyId;

  /** The secret access key, set together with the access key id. */
  private String secretAccessKey;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public URI getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(URI endpoint) {
    this.endpoint = endpoint;
  }

  public boolean isPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public String getAccessKeyId() {
    return accessKeyId;
  }

  public void setAccessKeyId(String accessKeyId) {
    this.accessKeyId = accessKeyId;
  }

  public String getSecretAccessKey() {
    return secretAccessKey;
  }

  public void setSecretAccessKey(String secretAccessKey) {
    this.secretAccessKey = secretAccessKey;
  }
}
