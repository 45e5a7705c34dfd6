package io.daramjwee.spring;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The Redis store of the warm tier ({@code daramjwee.warm.redis}). Which server it uses is not
 * set here: it is Spring Boot's {@code spring.data.redis.*}, so Redis is configured once for the
 * whole application. Mutable for the binder, and only read once bound.
 */
public class RedisStoreProperties {

  /** What every Redis key of the store starts with, so several applications can share a database. */
  private String keyPrefix = "daramjwee:";

  /** Bytes per chunk of a body stored in chunks. */
  private DataSize chunkSize = DataSize.ofKilobytes(128);

  /** The largest body kept inside its manifest, read in one GET. */
  private DataSize inlineThreshold = DataSize.ofKilobytes(16);

  /** How long one Redis command may take before the tier counts as failing. */
  private Duration commandTimeout = Duration.ofSeconds(2);

  /** How long Redis keeps an entry whose lifetime is not in its metadata. */
  private Duration defaultTtl = Duration.ofDays(1);

  /** The longest Redis keeps any entry, whatever its lifetime. */
  private Duration maxTtl = Duration.ofDays(30);

  /** How long a reader may go on reading a version that was replaced or deleted meanwhile. */
  private Duration readerGrace = Duration.ofMinutes(5);

  /**
   * After a command timed out, how long every command fails at once (the request goes on to the
   * next tier or the origin) before one is tried again; 0 waits the timeout every time.
   */
  private Duration stallHold = Duration.ofSeconds(1);

  /**
   * Heap kept for copies of small entries read from Redis, served without a round trip while
   * Redis's client tracking says they are unchanged; 0 turns it off. Worth it when the warm tier
   * answers most hits (no hot tier, or a small one); ignored on a Redis Cluster.
   */
  private DataSize nearCacheSize = DataSize.ofBytes(0);

  public String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  public DataSize getChunkSize() {
    return chunkSize;
  }

  public void setChunkSize(DataSize chunkSize) {
    this.chunkSize = chunkSize;
  }

  public DataSize getInlineThreshold() {
    return inlineThreshold;
  }

  public void setInlineThreshold(DataSize inlineThreshold) {
    this.inlineThreshold = inlineThreshold;
  }

  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public Duration getDefaultTtl() {
    return defaultTtl;
  }

  public void setDefaultTtl(Duration defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  public Duration getMaxTtl() {
    return maxTtl;
  }

  public void setMaxTtl(Duration maxTtl) {
    this.maxTtl = maxTtl;
  }

  public Duration getReaderGrace() {
    return readerGrace;
  }

  public void setReaderGrace(Duration readerGrace) {
    this.readerGrace = readerGrace;
  }

  public Duration getStallHold() {
    return stallHold;
  }

  public void setStallHold(Duration stallHold) {
    this.stallHold = stallHold;
  }

  public DataSize getNearCacheSize() {
    return nearCacheSize;
  }

  public void setNearCacheSize(DataSize nearCacheSize) {
    this.nearCacheSize = nearCacheSize;
  }
}
