package io.daramjwee.spring.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daramjwee.spring.tiers.RedisAddress.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.mock.env.MockEnvironment;

/**
 * The Redis server {@code spring.data.redis.*} describe, chosen and spelled as Spring Boot reads
 * them, and the properties daramjwee's connections cannot use failing startup by name.
 */
class SpringRedisServerTest {

  private static final String P = "spring.data.redis.";

  @Test
  void nothingSet_isBootsDefault_localhost6379() {
    RedisAddress server = read(new MockEnvironment());
    assertThat(server.topology()).isEqualTo(Topology.STANDALONE);
    assertThat(server.uri()).isEqualTo("redis://localhost:6379/0");
  }

  @Test
  void theHostsProperties_areSpelledAsOneUri_credentialsEncoded() {
    assertThat(read(env("host", "::1", "username", "app", "password", "p@ss word",
        "ssl.enabled", "true", "database", "3")).uri())
        .isEqualTo("rediss://app:p%40ss%20word@[::1]:6379/3");
  }

  @Test
  void aUrl_isTakenAsItIs_andSslEnabledMakesItSpeakTls() {
    assertThat(read(env("url", "redis://u:p@elsewhere:7000/2?timeout=5s", "host", "ignored"))
        .uri()).isEqualTo("redis://u:p@elsewhere:7000/2?timeout=5s");
    assertThat(read(env("url", "redis://elsewhere:7000", "ssl.enabled", "true")).uri())
        .isEqualTo("rediss://elsewhere:7000");
  }

  @Test
  void sentinel_winsOverTheUrl_andTakesItsCredentialsAndDatabase_asInBoot() {
    assertThat(read(env("sentinel.master", "my master", "sentinel.nodes", "s1:26379,s2:26379"))
        .uri()).isEqualTo("redis-sentinel://s1:26379,s2:26379/0#my%20master");

    RedisAddress server = read(env("url", "rediss://app:secret@elsewhere:7000/4",
        "password", "not-this", "database", "9",
        "sentinel.master", "main", "sentinel.nodes", "s1:26379"));
    assertThat(server.topology()).isEqualTo(Topology.SENTINEL);
    assertThat(server.uri()).isEqualTo("rediss-sentinel://app:secret@s1:26379/4#main");
  }

  @Test
  void clusterNodes_areTheSeeds_withTheCredentialsAndTheTlsScheme() {
    RedisAddress server = read(env("cluster.nodes", "10.0.0.1:7000,::1:7001,[::2]:7002",
        "username", "app", "password", "secret", "ssl.enabled", "true", "host", "ignored"));
    assertThat(server.topology()).isEqualTo(Topology.CLUSTER);
    assertThat(server.seedUris()).containsExactly("rediss://app:secret@10.0.0.1:7000",
        "rediss://app:secret@[::1]:7001", "rediss://app:secret@[::2]:7002");
    assertThat(read(env("cluster.nodes", "n1:7000", "url", "redis://:fromurl@x:1")).seedUris())
        .as("the url's credentials, as in Boot").containsExactly("redis://:fromurl@n1:7000");
  }

  @Test
  void aClusterWithADatabase_failsNamingTheDatabase() {
    assertInvalid(env("cluster.nodes", "n1:7000", "database", "3"), P + "database", "database 0");
    assertThat(read(env("cluster.nodes", "n1:7000", "database", "0")).seedUris()).hasSize(1);
  }

  @Test
  void aClusterNodeWithoutAPort_failsNamingTheNodes() {
    assertInvalid(env("cluster.nodes", "n1:7000,n2"), P + "cluster.nodes", "host:port");
    assertInvalid(env("cluster.nodes", "n1:http"), P + "cluster.nodes", "host:port");
  }

  @Test
  void anSslBundle_failsNamingIt_ratherThanConnectingWithoutItsTrust() {
    assertInvalid(env("ssl.bundle", "corporate"), P + "ssl.bundle", "cannot use an SSL bundle");
    assertInvalid(env("ssl.bundle", "corporate", "ssl.enabled", "true"), P + "ssl.bundle",
        "default trust store");
    assertThat(read(env("ssl.bundle", "corporate", "ssl.enabled", "false")).uri())
        .as("a bundle with TLS off is unused, as in Boot").isEqualTo("redis://localhost:6379/0");
  }

  @Test
  void aStaticMasterReplicaSet_failsNamingIt() {
    assertInvalid(env("masterreplica.nodes", "r1:6379,r2:6379"), P + "masterreplica.nodes",
        "master/replica");
  }

  @Test
  void aBadUrlWithASentinel_failsNamingTheUrl_withoutItsPassword() {
    assertThatThrownBy(() -> read(env("url", "http://app:s3cret@x:1",
        "sentinel.master", "m", "sentinel.nodes", "s1:26379")))
        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
            e -> assertThat(e.getName()).isEqualTo(P + "url"))
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aConnectionDetailsReader_isAskedFirst_andThePropertiesServeWhenItReadsNone() {
    MockEnvironment environment = env("host", "from-properties");
    RedisAddress described = RedisAddress.described(Topology.STANDALONE,
        List.of("redis://from-details:6379/0"), "a bean");
    assertThat(SpringRedisServer.address(environment, () -> described)).isSameAs(described);
    assertThat(SpringRedisServer.address(environment, () -> null).uri())
        .isEqualTo("redis://from-properties:6379/0");
    assertThat(SpringRedisServer.address(environment, null).uri())
        .isEqualTo("redis://from-properties:6379/0");
  }

  @Test
  void aFailure_namesThePropertyOrTheBean_andTheDescriptionPrintsNoUri() {
    assertThat(read(env("password", "s3cret")).invalid("x", "why"))
        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
            e -> assertThat(e.getName()).isEqualTo(P + "host"));
    RedisAddress described = RedisAddress.described(Topology.CLUSTER,
        List.of("redis://:s3cret@n1:7000"), "a bean");
    assertThat(described.invalid("x", "why")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("java.lang.String");
    assertThat(described).hasToString("RedisAddress[CLUSTER from the Redis connection details"
        + " java.lang.String]");
  }

  private static RedisAddress read(MockEnvironment environment) {
    return SpringRedisServer.fromProperties(environment);
  }

  private static void assertInvalid(MockEnvironment environment, String property, String says) {
    assertThatThrownBy(() -> read(environment))
        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
            e -> assertThat(e.getName()).isEqualTo(property))
        .hasMessageContaining(says);
  }

  /** An environment of {@code spring.data.redis.*}: names without the prefix, then values. */
  private static MockEnvironment env(String... namesAndValues) {
    MockEnvironment environment = new MockEnvironment();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      environment.setProperty(P + namesAndValues[i], namesAndValues[i + 1]);
    }
    return environment;
  }
}
