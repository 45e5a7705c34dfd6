package io.daramjwee.store.redis;

import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link NearCache} in step with Redis's server-assisted client-side caching on the
 * store's connection: {@code CLIENT TRACKING ON} (the default mode: Redis remembers the keys this
 * connection read and pushes one invalidation per key when it is changed, deleted, expired or
 * evicted), and the RESP3 {@code invalidate} pushes handed to the near cache as they arrive.
 *
 * <p>Tracking belongs to one connection on the server, and Lettuce does not switch it on again
 * when it reconnects (it replays the handshake, the database and the client name, not tracking:
 * {@code RedisNearCacheTest} checks it). So when the connection drops the near cache is disabled
 * at once (dropped whole: invalidations can be missed from then on), and when Lettuce has
 * reconnected, tracking is asked again and the near cache enabled only once Redis confirmed it;
 * reads sent meanwhile are not kept ({@link NearCache}). Should that command fail, the near cache
 * stays off until the next reconnect (logged).
 *
 * <p>What Redis does by itself is safe too: when its tracking table is full
 * ({@code tracking-table-max-keys}) it forgets keys by sending their invalidation, a flush of the
 * database is an invalidation of everything ({@link NearCache#invalidateAll}), and an output
 * buffer over its limit closes the connection (a disconnect). Keys Redis expires or evicts are
 * invalidated when Redis actually removes them, which for an expired key may be later than its
 * TTL; the near cache therefore also drops a copy at the TTL its key had when it was read.
 *
 * <p>Only for a connection to one server (standalone or found through Sentinel) speaking RESP3:
 * on a cluster, tracking and pushes are per node, which this does not follow. Its callbacks run on
 * Lettuce's event loop and never block it.
 */
final class NearCacheTracking {

  private static final Logger log = LoggerFactory.getLogger(NearCacheTracking.class);

  private final RedisConnection connection;
  private final NearCache near;
  private final Predicate<String> manifests;

  private NearCacheTracking(RedisConnection connection, NearCache near,
      Predicate<String> manifests) {
    this.connection = connection;
    this.near = near;
    this.manifests = manifests;
  }

  /**
   * Switches tracking on for {@code connection} and keeps {@code near} in step with it from now on,
   * handing it the invalidations of the keys {@code manifests} accepts (others, a write's chunks,
   * are never kept near and are ignored).
   *
   * @throws IOException when the connection does not speak RESP3 or Redis refuses tracking
   */
  static void start(RedisConnection connection, NearCache near, Predicate<String> manifests)
      throws IOException {
    if (connection.isCluster() || !connection.speaksResp3()) {
      throw new IOException("the near cache needs a connection to one Redis server that speaks"
          + " RESP3 (client tracking pushes its invalidations on it); " + connection + " does not:"
          + " set nearCacheSize 0, or give a client that negotiates RESP3");
    }
    NearCacheTracking tracking = new NearCacheTracking(connection, near, manifests);
    connection.onPush(tracking::pushed);
    connection.onDisconnect(near::disable);
    connection.onReconnect(tracking::reconnected);
    near.renewLeaseWith(tracking::ping);
    long epoch = near.disable();
    long sent = near.nanoTime();
    try {
      connection.commands().clientTracking(TrackingArgs.Builder.enabled());
    } catch (RuntimeException e) {
      throw new IOException("Redis at " + connection + " refused client tracking, which the near"
          + " cache needs (set nearCacheSize 0 to go without): " + e.getMessage(), e);
    }
    near.answered(sent);
    near.enable(epoch);
  }

  /** On the event loop, after Lettuce reconnected: tracking on again, then the near cache. */
  private void reconnected() {
    long epoch = near.disable(); // nothing read before tracking is on is kept
    long sent = near.nanoTime();
    connection.async().clientTracking(TrackingArgs.Builder.enabled())
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            log.warn("cannot switch client tracking on again after a reconnect tier=redis {};"
                + " the near cache stays off until the next reconnect", connection, failure);
          } else if (near.enable(epoch)) {
            near.answered(sent);
            log.info("near cache on again after a reconnect tier=redis {}", connection);
          }
        });
  }

  /** Renews the near cache's lease: a {@code PING}, whose answer is awaited by nobody. */
  private void ping() {
    long sent = near.nanoTime();
    connection.async().ping().whenComplete((pong, failure) -> near.renewed(sent, failure == null));
  }

  /** On the event loop, in the connection's order: Redis's invalidations. */
  private void pushed(PushMessage message) {
    if (!"invalidate".equals(message.getType())) {
      return;
    }
    List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
    Object keys = content.size() > 1 ? content.get(1) : null;
    if (!(keys instanceof List<?> names)) { // null: the database was flushed
      near.invalidateAll();
      return;
    }
    for (Object name : names) {
      if (name instanceof String key && manifests.test(key)) {
        near.invalidate(key);
      }
    }
  }
}
