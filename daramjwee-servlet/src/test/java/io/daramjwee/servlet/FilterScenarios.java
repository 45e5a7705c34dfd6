package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.daramjwee.Daramjwee;
import io.daramjwee.Store;
import io.daramjwee.http.RouteRules;
import io.daramjwee.proxy.Upstream;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.MutableClock;
import io.daramjwee.testing.TestClient;
import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every filter scenario shares: a test clock given to both the cache and the filter, a
 * {@link ScriptedOrigin} of plain-servlet controllers, a WireMock upstream on demand, a real
 * Tomcat started per test with the filter in front, a client bound to it, and assertions on the
 * {@code Cache-Status} field (RFC 9211) that tell what the cache did. Everything a test starts is
 * closed after it, newest first.
 */
abstract class FilterScenarios {

  static final String STORED_MISS = "daramjwee; fwd=miss; stored";
  static final String UNSTORED_MISS = "daramjwee; fwd=miss";
  static final String BYPASS = "daramjwee; fwd=bypass";

  private static final Pattern TTL = Pattern.compile("; ttl=(-?\\d+)");

  @TempDir
  Path dir;

  final MutableClock clock = new MutableClock();
  final ScriptedOrigin origin = new ScriptedOrigin();
  TomcatServer server;
  TestClient client;
  private WireMockServer wiremock;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @AfterEach
  void closeEverything() throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Closes {@code resource} after the test. */
  <T extends AutoCloseable> T closeLater(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Rules for a route: fresh for 60 s, as {@link RouteRules#builder} defaults. */
  static RouteRules.Builder rules(String routeId) {
    return RouteRules.builder(routeId);
  }

  /** A cache over {@code tiers} on the test clock, closed after the test. */
  Daramjwee cache(Store... tiers) {
    return closeLater(Daramjwee.builder().tiers(tiers).clock(clock)
        .freshness(Duration.ofSeconds(60), Duration.ofSeconds(10))
        .worker(2, 64, Duration.ofSeconds(30))
        .build());
  }

  /** A cache with one 64 MiB memory tier. */
  Daramjwee memoryCache() {
    return cache(MemoryStore.builder().capacity(64L << 20).build());
  }

  /** A filter builder over {@code cache} on the test clock. */
  DaramjweeFilter.Builder filter(Daramjwee cache) {
    return DaramjweeFilter.builder(cache).clock(clock);
  }

  /** Starts Tomcat with a memory-cached filter over {@code routes} in front of {@link #origin}. */
  void start(Route... routes) throws Exception {
    DaramjweeFilter.Builder filter = filter(memoryCache());
    for (Route r : routes) {
      filter.route(r);
    }
    start(filter.build(), origin);
  }

  /** Starts Tomcat with {@code filter} in front of {@code servlet} mapped at {@code /}. */
  void start(DaramjweeFilter filter, Servlet servlet) throws Exception {
    server = closeLater(TomcatServer.builder(dir.resolve("tomcat")).filter(filter)
        .servlet("/", servlet).start());
    client = server.client();
  }

  /** A WireMock server on an ephemeral port, reset per test, stopped after it. */
  WireMockServer wiremock() {
    if (wiremock == null) {
      WireMockServer w = new WireMockServer(options().dynamicPort()
          .notifier(new Slf4jNotifier(false)));
      w.start();
      closeLater(w::stop);
      wiremock = w;
    }
    return wiremock;
  }

  /** An upstream for WireMock's {@code /origin} with timeouts long enough for delayed stubs. */
  Upstream upstream() {
    return upstream(URI.create(wiremock().baseUrl() + "/origin"), Duration.ofSeconds(10));
  }

  /** An upstream for {@code origin}, its connection pool closed after the test. */
  Upstream upstream(URI origin, Duration responseTimeout) {
    return closeLater(Upstream.builder(origin).connectTimeout(Duration.ofSeconds(2))
        .responseTimeout(responseTimeout).build());
  }

  static void assertStatus(Reply reply, String cacheStatus) {
    assertThat(reply.cacheStatus()).as("Cache-Status of %s", reply).isEqualTo(cacheStatus);
  }

  /** A hit: served by the cache without going forward (RFC 9211 §2.1). */
  static void assertHit(Reply reply) {
    assertThat(reply.cacheStatus()).as("Cache-Status of %s", reply).startsWith("daramjwee; hit");
  }

  /** Went forward: anything but a hit. */
  static void assertForwarded(Reply reply) {
    assertThat(reply.cacheStatus()).as("Cache-Status of %s", reply).startsWith("daramjwee; fwd=");
  }

  /** The {@code ttl} of the Cache-Status field; fails when there is none. */
  static long ttl(Reply reply) {
    String status = reply.cacheStatus();
    Matcher m = TTL.matcher(status == null ? "" : status);
    assertThat(m.find()).as("a ttl in Cache-Status of %s", reply).isTrue();
    return Long.parseLong(m.group(1));
  }
}
