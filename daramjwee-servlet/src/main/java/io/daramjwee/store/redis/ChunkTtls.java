package io.daramjwee.store.redis;

import io.daramjwee.CorruptEntryException;
import io.daramjwee.store.chunked.ChunkManifest;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TTLs of a {@link RedisStore}'s chunks: at a commit, every chunk of the write is made to
 * outlive the manifest that names it by the reader grace; when a version is replaced or deleted,
 * its chunks are given the reader grace at most, so readers on other instances (which cannot be
 * counted) finish while the space comes back soon. Both run one Lua script over a batch of chunk
 * names, so a chunked body of thousands of chunks is a few calls and no call holds Redis for long.
 * Stateless beyond its settings; thread-safe.
 */
final class ChunkTtls {

  private static final Logger log = LoggerFactory.getLogger(ChunkTtls.class);

  /**
   * Sets every key's TTL to ARGV[1] ms where that shortens (LT) or lengthens (GT) it; returns the
   * number of keys that no longer exist.
   */
  private static final String EXPIRE_ALL = "local gone = 0 for _, k in ipairs(KEYS) do "
      + "if redis.call('PEXPIRE', k, ARGV[1], ARGV[2]) == 0 and redis.call('EXISTS', k) == 0 "
      + "then gone = gone + 1 end end return gone";
  /** Keys per script call, so that one call never holds Redis for long. */
  private static final int EXPIRE_BATCH = 512;

  private final RedisCalls calls;
  private final RedisClusterCommands<String, byte[]> redis;
  private final RedisKeys keys;
  private final long graceMillis;

  ChunkTtls(RedisCalls calls, RedisClusterCommands<String, byte[]> redis, RedisKeys keys,
      long graceMillis) {
    this.calls = calls;
    this.redis = redis;
    this.keys = keys;
    this.graceMillis = graceMillis;
  }

  /** The reader grace, in milliseconds. */
  long graceMillis() {
    return graceMillis;
  }

  /**
   * Makes chunks {@code [0, count)} of {@code writeId} live at least the entry's TTL plus the
   * reader grace, however long the write took.
   *
   * @return how many of them are gone already (expired or evicted during the write)
   */
  long outliveManifest(String writeId, int count, long entryTtlMillis) throws IOException {
    return expireAll(keys.chunks(writeId, count), entryTtlMillis + graceMillis, "GT");
  }

  /** Gives a replaced or deleted version's chunks the reader grace, at most. Never throws. */
  void retire(byte[] previous) {
    if (previous == null) {
      return;
    }
    ChunkManifest old;
    try {
      old = ChunkManifest.decode(previous, null);
    } catch (CorruptEntryException e) {
      // A damaged manifest names no chunks we can trust; they expire by themselves.
      log.debug("cannot retire the chunks of a damaged value tier=redis: {}", e.getMessage());
      return;
    }
    if (old.isInline()) {
      return;
    }
    try {
      expireAll(keys.chunks(old.writeId(), old.chunkCount()), graceMillis, "LT");
    } catch (IOException e) {
      log.warn("cannot shorten the TTL of the {} chunks of a replaced value tier=redis; they"
          + " live their full TTL", old.chunkCount(), e);
    }
  }

  /** Runs {@link #EXPIRE_ALL} over {@code names} in batches; the number of keys gone. */
  private long expireAll(String[] names, long millis, String condition) throws IOException {
    byte[][] args = {ascii(Long.toString(millis)), ascii(condition)};
    long gone = 0;
    for (int from = 0; from < names.length; from += EXPIRE_BATCH) {
      String[] batch = Arrays.copyOfRange(names, from, Math.min(names.length, from + EXPIRE_BATCH));
      Long n = calls.call(() -> redis.eval(EXPIRE_ALL, ScriptOutputType.INTEGER, batch, args));
      gone += n == null ? 0 : n;
    }
    return gone;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
