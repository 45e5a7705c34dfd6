package io.daramjwee.store.redis;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.purge.PurgeChannel;
import io.daramjwee.purge.PurgeMark;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purge marks shared through a Redis Stream, the one the cluster's {@link RedisStore} may well use
 * already.
 *
 * <pre>{@code
 * PurgeLog purges = PurgeLog.builder()
 *     .channel(RedisPurgeChannel.builder().uri("redis://cache.internal:6379").build())
 *     .build();
 * }</pre>
 *
 * <p>Under the key prefix {@code P}:
 *
 * <pre>
 *   {P purges}          the log, a stream; entry fields m = PurgeMark.encode(), e = the epoch
 *   {P purges}:epoch    the log's epoch: a random id, made (SET NX) when absent
 *   {P purges}:keep     the longest retention (keepUntil - at, in ms) of any mark published
 * </pre>
 *
 * <p>The braces are a Redis Cluster hash tag: the three keys live in one slot, so the publish
 * script, which touches all three, runs on a cluster too.
 *
 * <p>A publish is one script: it makes the epoch if absent, adds the entry with it, and trims
 * the entries older than the longest retention plus {@link #TRIM_MARGIN} on the server's clock,
 * so the log keeps every mark still in force and stays bounded. Trimming is exact rather than
 * {@code ~}: at purge rates its cost does not matter, and a mark past its time is then gone for
 * sure. Reading runs on a thread of the channel's own, {@code daramjwee-purge-reader}, over a
 * second connection ({@link PurgeStreamReader}).
 *
 * <p>No key of the log has a TTL. A Redis whose {@code maxmemory-policy} is {@code allkeys-*}
 * may evict them; that, and a server that restarts empty, is found (the epoch changed, or the log
 * ends before what was read) and reported as {@link Listener#historyLost}, after which every
 * instance publishes its marks again. The {@code volatile-*} policies never touch them: every key
 * of the store has a TTL, and these do not.
 *
 * <p>Thread-safe. A failure to reach Redis is an {@link IOException} from {@link #publish}, at
 * once while the connection is known to be down (for the channel's own client, as for the
 * store's). {@link #close()} is idempotent.
 */
public final class RedisPurgeChannel implements PurgeChannel {

  private static final Logger log = LoggerFactory.getLogger(RedisPurgeChannel.class);

  /** Entries are kept this much longer than the longest retention: clock skew, slow readers. */
  static final Duration TRIM_MARGIN = Duration.ofHours(1);
  /** Longer retentions are taken as this (about 100 years), so Lua's doubles stay exact. */
  private static final long LONGEST_RETENTION_SECONDS = 100L * 365 * 24 * 3600;
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * KEYS: the stream, the epoch, the longest retention. ARGV: an epoch to make if there is none,
   * the encoded mark, its retention in ms, the trim margin in ms. Returns the new entry's id.
   */
  private static final String PUBLISH = """
      local epoch = redis.call('GET', KEYS[2])
      if not epoch then
        epoch = ARGV[1]
        redis.call('SET', KEYS[2], epoch)
      end
      local keep = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
      local retention = tonumber(ARGV[3])
      if retention > keep then
        keep = retention
        redis.call('SET', KEYS[3], ARGV[3])
      end
      local id = redis.call('XADD', KEYS[1], '*', 'm', ARGV[2], 'e', epoch)
      local now = redis.call('TIME')
      local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
          - keep - tonumber(ARGV[4])
      if oldest > 0 then
        redis.call('XTRIM', KEYS[1], 'MINID', string.format('%.0f', oldest))
      end
      return id
      """;

  private final RedisConnection writer;
  private final RedisConnection reading;
  private final AbstractRedisClient ownedClient; // null when the application owns the client
  private final RedisClusterCommands<String, byte[]> redis;
  private final String publishSha;
  private final String[] keys;
  private final String description;
  private Thread thread; // guarded by this
  private PurgeStreamReader reader; // guarded by this
  private volatile boolean closed;

  private RedisPurgeChannel(RedisConnection writer, RedisConnection reading,
      AbstractRedisClient ownedClient, String keyPrefix) {
    this.writer = writer;
    this.reading = reading;
    this.ownedClient = ownedClient;
    this.redis = writer.commands();
    this.publishSha = redis.digest(PUBLISH);
    String stream = "{" + keyPrefix + "purges}";
    this.keys = new String[] {stream, stream + ":epoch", stream + ":keep"};
    this.description = "RedisPurgeChannel{" + writer + ", stream=" + stream + '}';
  }

  /** A builder; see {@link Builder} for each setting and its default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the reader thread: it reads the whole log, then follows it.
   *
   * @throws IllegalStateException when started before, or closed
   */
  @Override
  public synchronized void start(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed || thread != null) {
      throw new IllegalStateException(this + (closed ? " is closed" : " was started already"));
    }
    reader = new PurgeStreamReader(reading, keys[0], keys[1], keys[2],
        RedisPurgeChannel::newEpoch, listener, description);
    PurgeStreamReader started = reader;
    reading.onDisconnect(started::connectionLost);
    writer.onDisconnect(started::connectionLost);
    thread = new Thread(reader, "daramjwee-purge-reader");
    thread.setDaemon(true);
    thread.start();
    log.info("reading purge marks from {}", this);
  }

  /** Makes the reader sync again within about a second (see {@link PurgeChannel#resyncSoon}). */
  @Override
  public void resyncSoon() {
    PurgeStreamReader current;
    synchronized (this) {
      current = reader;
    }
    if (current != null) {
      current.syncSoon();
    }
  }

  @Override
  public void publish(PurgeMark mark) throws IOException {
    Objects.requireNonNull(mark, "mark");
    if (closed) {
      throw new IOException(this + " is closed; purge mark " + mark.id() + " was not published");
    }
    byte[][] args = {ascii(newEpoch()), mark.encode().getBytes(StandardCharsets.UTF_8),
        ascii(Long.toString(retentionMillis(mark))), ascii(Long.toString(TRIM_MARGIN.toMillis()))};
    try {
      try {
        redis.evalsha(publishSha, ScriptOutputType.VALUE, keys, args);
      } catch (RedisNoScriptException e) { // a server that restarted, or flushed its scripts
        redis.eval(PUBLISH, ScriptOutputType.VALUE, keys, args);
      }
    } catch (RuntimeException e) { // RedisException, or a command cancelled on reconnect
      throw new IOException("cannot publish purge mark " + mark.id() + " to " + this + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * Stops the reader thread (waiting up to 2 s for it), closes both connections, and shuts down
   * the client if the channel made it. Idempotent; an interrupt while waiting is kept.
   */
  @Override
  public void close() {
    Thread stopping;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopping = thread;
      if (reader != null) {
        reader.stop();
      }
    }
    try {
      reading.close(); // fails a blocked XREAD at once
      if (stopping != null && stopping != Thread.currentThread()) {
        awaitEnd(stopping);
      }
    } finally {
      writer.close();
      if (ownedClient != null) {
        ownedClient.shutdown();
      }
      log.info("closed {}", this);
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private static void awaitEnd(Thread stopping) {
    try {
      stopping.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's; closing goes on
    }
    if (stopping.isAlive()) {
      log.warn("the purge reader thread did not stop within {}; it is a daemon and ends when it"
          + " next looks", STOP_WAIT);
    }
  }

  private static long retentionMillis(PurgeMark mark) {
    long seconds = Duration.between(mark.at(), mark.keepUntil()).getSeconds();
    return seconds >= LONGEST_RETENTION_SECONDS ? LONGEST_RETENTION_SECONDS * 1000
        : Duration.between(mark.at(), mark.keepUntil()).toMillis();
  }

  private static String newEpoch() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Configures a {@link RedisPurgeChannel}. {@link #uri} is required; everything else has a
   * default. A rejected setting is an {@link InvalidSettingException} naming it. Not thread-safe.
   */
  public static final class Builder {

    private final RedisEndpoint endpoint = new RedisEndpoint();
    private String keyPrefix = "daramjwee:";
    private Duration commandTimeout = Duration.ofSeconds(2);

    private Builder() {}

    /** The server, as {@link RedisStoreBuilder#uri(String)} takes it. Required, or clusterNodes. */
    public Builder uri(String uri) {
      endpoint.uri(uri);
      return this;
    }

    /** A Redis Cluster, as {@link RedisStoreBuilder#clusterNodes} takes it; replaces the uri. */
    public Builder clusterNodes(List<String> seedUris) {
      endpoint.clusterNodes(seedUris);
      return this;
    }

    /** The server as a {@link RedisURI} already made; its timeout is set as the store sets it. */
    public Builder uri(RedisURI uri) {
      endpoint.uri(uri);
      return this;
    }

    /**
     * A client of the application's to connect with; the channel then closes only its two
     * connections. As for {@link RedisStoreBuilder#client}, give it
     * {@code DisconnectedBehavior.REJECT_COMMANDS} for publish to fail at once while Redis is
     * away. Default: a client of the channel's own.
     */
    public Builder client(RedisClient client) {
      endpoint.client(client);
      return this;
    }

    /**
     * What the log's keys start with; the same rule as {@link RedisStoreBuilder#keyPrefix}.
     * Default {@code daramjwee:}, so the log is {@code {daramjwee:purges}}.
     */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "keyPrefix");
      if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
        throw new InvalidSettingException("keyPrefix", prefix, "keyPrefix must not contain"
            + " braces, which Redis Cluster reads as a hash tag: " + prefix);
      }
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * How long a publish may take before it fails. Default 2 s. The reader's blocking read is
     * given this plus its one-second block.
     */
    public Builder commandTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new InvalidSettingException("commandTimeout", timeout,
            "commandTimeout must be positive: " + timeout);
      }
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * Connects twice (publishing, reading) and returns the channel, not yet reading.
     *
     * @throws InvalidSettingException when no uri was given
     * @throws IOException when the server cannot be reached or is older than Redis 7.0
     */
    public RedisPurgeChannel build() throws IOException {
      endpoint.check("a Redis purge channel");
      AbstractRedisClient own = null;
      RedisConnection writer = null;
      RedisConnection reading = null;
      try {
        own = endpoint.newClient(commandTimeout);
        writer = endpoint.connect(own, commandTimeout, false);
        RedisEndpoint.requireRedis7(writer, "the purge channel needs Redis 7.0 or newer"
            + " (SET with NX and GET, XTRIM with MINID)");
        reading = endpoint.connect(own, commandTimeout, false);
        reading.timeout(commandTimeout.plus(PurgeStreamReader.BLOCK));
        return new RedisPurgeChannel(writer, reading, own, keyPrefix);
      } catch (IOException | RuntimeException e) {
        if (reading != null) {
          reading.close();
        }
        if (writer != null) {
          writer.close();
        }
        if (own != null) {
          own.shutdown();
        }
        throw e;
      }
    }
  }
}
