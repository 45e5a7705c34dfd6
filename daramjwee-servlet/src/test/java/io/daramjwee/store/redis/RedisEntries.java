package io.daramjwee.store.redis;

import io.daramjwee.store.chunked.ChunkManifest;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;

/**
 * A {@link RedisStore}'s entries reached behind its back, over a connection of the test's own,
 * to damage or remove them as a faulty network, a buggy client or Redis's eviction would.
 * Public for the store contract test of daramjwee-store-tck.
 */
public final class RedisEntries implements AutoCloseable {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final AbstractRedisClient client;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterCommands<String, byte[]> redis;
  private final RedisKeys keys;

  /** Entries of the stores under {@code keyPrefix} on {@code redis}. */
  public RedisEntries(LocalRedis redis, String keyPrefix) {
    RedisClient single = RedisClient.create(redis.uri());
    StatefulRedisConnection<String, byte[]> opened = single.connect(CODEC);
    this.client = single;
    this.connection = opened;
    this.redis = opened.sync();
    this.keys = new RedisKeys(keyPrefix);
  }

  /** Entries of the stores under {@code keyPrefix} on {@code cluster}. */
  public RedisEntries(LocalRedisCluster cluster, String keyPrefix) {
    RedisClusterClient clustered = RedisClusterClient.create(
        cluster.nodeUris().stream().map(RedisURI::create).toList());
    StatefulRedisClusterConnection<String, byte[]> opened = clustered.connect(CODEC);
    this.client = clustered;
    this.connection = opened;
    this.redis = opened.sync();
    this.keys = new RedisKeys(keyPrefix);
  }

  /** The committed manifest of {@code key}. */
  public ChunkManifest manifest(String key) throws Exception {
    byte[] raw = redis.get(keys.manifest(key));
    if (raw == null) {
      throw new AssertionError("no manifest for " + key);
    }
    return ChunkManifest.decode(raw, key.getBytes(StandardCharsets.UTF_8));
  }

  /** Flips one body byte: in the inline body, or in the first chunk. */
  public void flipBodyByte(String key) throws Exception {
    ChunkManifest manifest = manifest(key);
    if (manifest.isInline()) {
      byte[] damaged = manifest.raw().clone();
      damaged[damaged.length - 5] ^= 1; // the inline body ends right before the checksum
      redis.set(keys.manifest(key), damaged);
    } else {
      flipChunkByte(key, 0);
    }
  }

  /** Flips one byte of chunk {@code index}, keeping its TTL. */
  public void flipChunkByte(String key, int index) throws Exception {
    String name = keys.chunk(manifest(key).writeId(), index);
    byte[] damaged = redis.get(name);
    damaged[damaged.length / 2] ^= 1;
    redis.set(name, damaged, SetArgs.Builder.keepttl());
  }

  /** Shortens the TTL of chunk {@code index} of {@code writeId} to {@code millis}. */
  public void expireChunk(String writeId, int index, long millis) {
    redis.pexpire(keys.chunk(writeId, index), millis);
  }

  /** Removes chunk {@code index} of {@code writeId}, as Redis's expiry would. */
  public void removeChunkOfWrite(String writeId, int index) {
    redis.del(keys.chunk(writeId, index));
  }

  /** Removes chunk {@code index}, as Redis's eviction would. */
  public void removeChunk(String key, int index) throws Exception {
    redis.del(keys.chunk(manifest(key).writeId(), index));
  }

  /** The remaining TTL of {@code key}'s manifest, in milliseconds (-1: none, -2: no key). */
  public long manifestTtl(String key) {
    return redis.pttl(keys.manifest(key));
  }

  /** The remaining TTL of chunk {@code index} of {@code writeId}, in milliseconds. */
  public long chunkTtl(String writeId, int index) {
    return redis.pttl(keys.chunk(writeId, index));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
