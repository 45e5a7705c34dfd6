package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Store;
import io.daramjwee.http.CacheStatus;
import io.daramjwee.http.RouteRules;
import io.daramjwee.proxy.Upstream;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.MutableClock;
import io.daramjwee.testing.Resources;
import io.daramjwee.testing.TestClient;
import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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

  @TempDir
  Path dir;

  final MutableClock clock = new MutableClock();
  final ScriptedOrigin origin = new ScriptedOrigin();
  TomcatServer server;
  TestClient client;
  private WireMockServer wiremock;
  private final Resources resources = new Resources();

  @AfterEach
  void closeEverything() throws Exception {
    resources.close();
  }

  /** Closes {@code resource} after the test. */
  <T extends AutoCloseable> T closeLater(T resource) {
    return resources.add(resource);
  }

  /** Rules for a route: fresh for 60 s, as {@link RouteRules#builder} defaults. */
  static RouteRules.Builder rules(String routeId) {
    return RouteRules.builder(routeId);
  }

  /** A cache over {@code tiers} on the test clock, closed after the test. */
  DaramjweeCache cache(Store... tiers) {
    return closeLater(DaramjweeCache.builder().tiers(tiers).clock(clock)
        .freshness(Duration.ofSeconds(60), Duration.ofSeconds(10))
        .worker(2, 64, Duration.ofSeconds(30))
        .build());
  }

  /** A cache with one 64 MiB memory tier. */
  DaramjweeCache memoryCache() {
    return cache(MemoryStore.builder().capacity(64L << 20).build());
  }

  /** A filter builder over {@code cache} on the test clock. */
  DaramjweeFilter.Builder filter(DaramjweeCache cache) {
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

  /** A miss that went to the origin and was stored. */
  static void assertStoredMiss(Reply reply) {
    Member m = Member.of(reply);
    assertThat(m.forward()).as("fwd of %s", reply).isEqualTo("miss");
    assertThat(m.has("stored")).as("stored in %s", reply).isTrue();
  }

  /** A miss that went to the origin and was not stored. */
  static void assertUnstoredMiss(Reply reply) {
    Member m = Member.of(reply);
    assertThat(m.forward()).as("fwd of %s", reply).isEqualTo("miss");
    assertThat(m.has("stored")).as("stored in %s", reply).isFalse();
  }

  /** Went to the origin without using the cache. */
  static void assertBypass(Reply reply) {
    Member m = Member.of(reply);
    assertThat(m.forward()).as("fwd of %s", reply).isEqualTo("bypass");
    assertThat(m.has("stored")).as("stored in %s", reply).isFalse();
  }

  /** A hit: served by the cache without going forward (RFC 9211 §2.1). */
  static void assertHit(Reply reply) {
    assertThat(Member.of(reply).hit()).as("a hit: %s", reply).isTrue();
  }

  /** Went forward: anything but a hit. */
  static void assertForwarded(Reply reply) {
    assertThat(Member.of(reply).forward()).as("fwd of %s", reply).isNotNull();
  }

  /** Waited on another request's fill and was served from it (RFC 9211 §2.6), or hit it. */
  static void assertCollapsedOrHit(Reply reply) {
    Member m = Member.of(reply);
    if (!m.hit()) {
      assertThat(m.forward()).as("fwd of %s", reply).isEqualTo("miss");
      assertThat(m.has("collapsed")).as("collapsed in %s", reply).isTrue();
    }
  }

  /** A stale entry stood in for a failed forward request (RFC 9211 §2.2 fwd=stale). */
  static void assertStaleFallback(Reply reply, int forwardStatus) {
    Member m = Member.of(reply);
    assertThat(m.forward()).as("fwd of %s", reply).isEqualTo("stale");
    assertThat(m.param("fwd-status")).as("fwd-status of %s", reply)
        .isEqualTo(Integer.toString(forwardStatus));
  }

  /** The {@code ttl} of the Cache-Status field; fails when there is none. */
  static long ttl(Reply reply) {
    String ttl = Member.of(reply).param("ttl");
    assertThat(ttl).as("a ttl in Cache-Status of %s", reply).isNotNull();
    return Long.parseLong(ttl);
  }

  /**
   * This cache's member of a {@code Cache-Status} field (RFC 9211 §2), parsed so assertions name
   * what they mean and ignore parameters they do not care about.
   */
  record Member(boolean hit, String forward, Map<String, String> params) {

    static Member of(Reply reply) {
      return parse(reply.cacheStatus(), reply);
    }

    /** Parses {@code field}; {@code context} names the response in a failure. */
    static Member parse(String field, Object context) {
      assertThat(field).as("Cache-Status of %s", context).isNotNull()
          .startsWith(CacheStatus.CACHE_NAME + ";");
      Map<String, String> params = new LinkedHashMap<>();
      for (String p : field.substring(field.indexOf(';') + 1).split(";")) {
        String t = p.trim();
        int eq = t.indexOf('=');
        params.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
      }
      return new Member(params.containsKey("hit"), params.get("fwd"), params);
    }

    boolean has(String name) {
      return params.containsKey(name);
    }

    String param(String name) {
      return params.get(name);
    }
  }
}
