package io.daramjwee.store.redis;

import static io.daramjwee.tck.StoreAssertions.assertAbsent;
import static io.daramjwee.tck.StoreAssertions.assertHolds;
import static io.daramjwee.tck.StoreAssertions.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daramjwee.InvalidSettingException;
import io.daramjwee.Metadata;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.TrackingInfo;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache when its connection drops: killed under it ({@code CLIENT KILL}) or the server
 * restarted empty, or silent (paused), what it serves meanwhile and after, and tracking switched
 * on again; also what Lettuce does alone, and connections the near cache cannot use. A real
 * redis-server per test.
 */
class RedisNearCacheReconnectTest {

  private static final Metadata META = Metadata.builder().freshFor(Duration.ofMinutes(5)).build();

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private LocalRedis redis;
  private RedisAdmin admin;

  @BeforeEach
  void startServer() {
    redis = own(LocalRedis.start());
    admin = own(new RedisAdmin(redis));
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  @Test
  void aKilledConnection_flushesTheNearCache_andTrackingIsOnAgainAfterTheReconnect()
      throws Exception {
    RedisStore a = nearStore();
    RedisStore b = nearStore();
    commit(b, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));
    assertThat(a.nearCacheStats().entries()).isEqualTo(1);

    admin.killClients();

    await().atMost(Duration.ofSeconds(5)).until(() -> a.nearCacheStats().flushes() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.nearCacheStats().active());
    assertThat(admin.trackingClients()).as("A and B track again").isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .untilAsserted(() -> assertHolds(a, "k", META, body(1, 1000)));
    assertHolds(a, "k", META, body(1, 1000));
    assertThat(a.nearCacheStats().entries()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .untilAsserted(() -> commit(b, "k", META, body(2, 900)));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertHolds(a, "k", META, body(2, 900)));
    assertThat(a.nearCacheStats().invalidations()).isPositive();
  }

  @Test
  void whileTheServerIsDown_nothingIsServedNear_andAfterItCameBackEmpty_nothingOld()
      throws Exception {
    RedisStore a = nearStore();
    commit(a, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));

    redis.stop();

    await("the copy no longer served").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThatThrownBy(() -> a.stat("k")).isInstanceOf(IOException.class));
    assertThatThrownBy(() -> a.getStream("k")).isInstanceOf(IOException.class);
    assertThat(a.nearCacheStats().flushes()).isEqualTo(1);
    assertThat(a.nearCacheStats().active()).isFalse();

    redis.restart(); // empty
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .untilAsserted(() -> assertAbsent(a, "k"));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.nearCacheStats().active());
    commit(a, "k", META, body(2, 900));
    assertHolds(a, "k", META, body(2, 900));
    long hits = a.nearCacheStats().hits();
    assertHolds(a, "k", META, body(2, 900));
    assertThat(a.nearCacheStats().hits()).as("kept near again").isGreaterThan(hits);
  }

  @Test
  void aConnectionThatStopsAnswering_servesCopiesForOneLeaseAtMost() throws Exception {
    RedisStore a = own(RedisStore.builder().uri(redis.uri()).commandTimeout(Duration.ofMillis(300))
        .nearCacheSize(1 << 20).build());
    commit(a, "k", META, body(1, 1000));
    assertHolds(a, "k", META, body(1, 1000));

    admin.pause(Duration.ofSeconds(6)); // the connection stays up; nothing comes over it

    await("copies no longer served").atMost(Duration.ofSeconds(4)).untilAsserted(() ->
        assertThatThrownBy(() -> a.stat("k")).isInstanceOf(IOException.class));
    await("served again once Redis answers").atMost(Duration.ofSeconds(15)).ignoreExceptions()
        .untilAsserted(() -> assertHolds(a, "k", META, body(1, 1000)));
    assertThat(a.nearCacheStats().entries()).isEqualTo(1);
  }

  @Test
  void lettuceAlone_doesNotSwitchTrackingOnAgainAfterAReconnect_soTheStoreDoes() {
    RedisClient client = RedisClient.create(redis.uri());
    opened.push(client::shutdown);
    StatefulRedisConnection<String, String> connection = own(client.connect());
    connection.sync().clientTracking(TrackingArgs.Builder.enabled());
    assertThat(connection.sync().clientTrackinginfo().getFlags())
        .contains(TrackingInfo.TrackingFlag.ON);

    admin.killClients();

    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> "PONG".equals(connection.sync().ping()));
    assertThat(connection.sync().clientTrackinginfo().getFlags())
        .contains(TrackingInfo.TrackingFlag.OFF);
  }

  @Test
  void anApplicationsClientSpeakingResp2_isRefused_namingTheSetting() {
    RedisClient resp2 = RedisClient.create();
    opened.push(resp2::shutdown);
    resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());

    assertThatThrownBy(() -> RedisStore.builder().uri(redis.uri()).client(resp2)
        .nearCacheSize(1 << 20).build())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("RESP3").hasMessageContaining("nearCacheSize 0");
    assertThatThrownBy(() -> RedisStore.builder().nearCacheSize(-1))
        .isInstanceOfSatisfying(InvalidSettingException.class,
            e -> assertThat(e.setting()).isEqualTo("nearCacheSize"));
  }

  private RedisStore nearStore() throws Exception {
    return own(RedisStore.builder().uri(redis.uri()).chunkSize(4 * 1024)
        .inlineThreshold(4 * 1024).nearCacheSize(1 << 20).build());
  }

  private <T extends AutoCloseable> T own(T closeable) {
    opened.push(closeable);
    return closeable;
  }

  private static byte[] body(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
