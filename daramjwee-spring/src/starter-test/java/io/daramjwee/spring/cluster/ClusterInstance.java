package io.daramjwee.spring.cluster;

import io.daramjwee.purge.PurgeLog;
import io.daramjwee.spring.DaramjweeTiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running instance of {@link ClusterTestApplication} on a random port: a persistent file hot
 * tier in a directory of its own (so a restart finds its entries), the Redis warm tier and
 * cluster mode, and the application's clock skewed as given. Driven by a real HTTP client.
 */
final class ClusterInstance implements AutoCloseable {

  /** The scheme, host and port every instance sees, as behind one load balancer. */
  static final String PUBLIC = "http://shop.example:80";

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final Path home;
  private final List<String> redis;
  private final Duration skew;
  private final ConfigurableApplicationContext context;
  private final int port;

  private ClusterInstance(String name, Path home, List<String> redis, Duration skew) {
    this.name = name;
    this.home = home;
    this.redis = List.copyOf(redis);
    this.skew = skew;
    this.context = new SpringApplicationBuilder(ClusterTestApplication.class)
        .properties(redis.toArray(String[]::new))
        .properties("server.port=0",
            "test.skew=" + skew,
            "daramjwee.cluster.enabled=true",
            "daramjwee.hot.type=file",
            "daramjwee.hot.file.directory=" + home.resolve("hot"),
            "daramjwee.hot.file.capacity=64MB",
            "daramjwee.warm.type=redis",
            "server.forward-headers-strategy=native",
            "management.endpoints.web.exposure.include=daramjwee,health",
            "management.endpoint.health.show-details=always")
        .run();
    this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  /** Starts {@code name}, its tiers under {@code home}, its clock {@code skew} off the truth. */
  static ClusterInstance start(String name, Path home, int redisPort, Duration skew) {
    return start(name, home, List.of("spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=" + redisPort), skew);
  }

  /**
   * Starts {@code name} on the Redis these {@code spring.data.redis.*} properties describe
   * ({@code name=value} each).
   */
  static ClusterInstance start(String name, Path home, List<String> redis, Duration skew) {
    return new ClusterInstance(name, home, redis, skew);
  }

  /** Stops this instance and starts it again over the same directory, as after a redeploy. */
  ClusterInstance restart() {
    close();
    return new ClusterInstance(name, home, redis, skew);
  }

  PurgeLog purgeLog() {
    return context.getBean(PurgeLog.class);
  }

  /**
   * GET {@code path} as a load balancer forwards it: every instance sees the same public host
   * ({@link #PUBLIC}), which is part of a controller route's key, so they share entries.
   */
  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .header("X-Forwarded-Host", "shop.example").header("X-Forwarded-Proto", "http")
        .header("X-Forwarded-Port", "80").build());
  }

  /** Whether the warm tier (Redis, shared by all) holds {@code key}. */
  boolean warmHolds(String key) throws IOException {
    return context.getBean(DaramjweeTiers.class).tiers().get(1).store().stat(key) != null;
  }

  /** {@code DELETE /actuator/daramjwee?<kind>=<value>[&soft=true]}; fails unless it answers 200. */
  void purge(String kind, String value, boolean soft) {
    String query = kind + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
        + (soft ? "&soft=true" : "");
    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/actuator/daramjwee?" + query))
        .DELETE().build());
    if (answer.statusCode() != 200) {
      throw new AssertionError(name + " answered the purge " + query + " with "
          + answer.statusCode() + ": " + answer.body());
    }
  }

  @Override
  public void close() {
    context.close();
  }

  /** Closes each of {@code parts} that was made, in order; the first failure fails the test. */
  static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public String toString() {
    return name + " (port " + port + ", clock " + skew + ")";
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
