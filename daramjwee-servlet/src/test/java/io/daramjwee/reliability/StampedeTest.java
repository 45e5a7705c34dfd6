package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.http.RouteRules;
import io.daramjwee.proxy.Upstream;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.servlet.Route;
import io.daramjwee.testing.Resources;
import io.daramjwee.store.memory.MemoryStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A herd of 500 concurrent requests for one cold key, through a real Tomcat and the filter, with
 * an origin that takes 500 ms: the origin is called once, and every request is answered with its
 * body. The origin holds its answer until the whole herd is inside the server (and at least
 * 500 ms), so the requests provably overlap the one origin call rather than arriving after its
 * entry was stored.
 */
class StampedeTest {

  private static final Logger log = LoggerFactory.getLogger(StampedeTest.class);

  private static final int HERD = 500;
  private static final Duration ORIGIN_LATENCY = Duration.ofMillis(500);
  private static final byte[] BODY = new byte[8 * 1024];

  static {
    new SplittableRandom(500).nextBytes(BODY);
  }

  @TempDir
  Path dir;

  private final SlowOrigin origin = new SlowOrigin();
  private final ExecutorService clientPool = Executors.newFixedThreadPool(4);
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).executor(clientPool).build();
  private final Resources resources = new Resources();
  private StampedeServer server;

  @BeforeEach
  void enoughHeapForTheHerd() {
    // Run with -Dtest, the module's -Xmx64m execution picks this class up too; 500 connections'
    // Tomcat and client buffers alone do not fit there, and it is not what that execution proves.
    assumeTrue(Runtime.getRuntime().maxMemory() >= 128L << 20,
        "a herd of " + HERD + " connections in one JVM needs more than a 64 MiB heap");
  }

  @AfterEach
  void closeEverything() throws Exception {
    try {
      resources.close();
    } finally {
      clientPool.shutdownNow();
    }
  }

  @Test
  void fiveHundredConcurrentMisses_onAControllerRoute_runTheControllerOnce() throws Exception {
    start(Route.controller("/c/**", RouteRules.builder("stampede-c").build()),
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            byte[] body = origin.answer();
            response.setContentType("application/octet-stream");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
          }
        });

    assertOneOriginCallServedToAll("/c/hot");
  }

  @Test
  void fiveHundredConcurrentMisses_onAProxyRoute_sendOneUpstreamRequest() throws Exception {
    HttpServer upstreamServer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService upstreamPool = Executors.newFixedThreadPool(4);
    upstreamServer.setExecutor(upstreamPool);
    upstreamServer.createContext("/origin/", exchange -> {
      byte[] body = origin.answer();
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    upstreamServer.start();
    resources.add(upstreamPool::shutdownNow);
    resources.add(() -> upstreamServer.stop(0));
    Upstream upstream = Upstream.builder(URI.create("http://127.0.0.1:"
            + upstreamServer.getAddress().getPort() + "/origin"))
        .connectTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build();
    resources.add(upstream);

    start(Route.proxy("/p/**", RouteRules.builder("stampede-p").build(), upstream),
        new HttpServlet() {});

    assertOneOriginCallServedToAll("/p/hot");
  }

  /** Tomcat with the filter over {@code route}, a memory tier, in front of {@code servlet}. */
  private void start(Route route, HttpServlet servlet) throws Exception {
    // Followers wait for the leader up to opTimeout: long enough for a slow machine to get the
    // whole herd in while the leader's origin call waits for it.
    DaramjweeCache cache = DaramjweeCache.builder().tiers(MemoryStore.builder().capacity(16L << 20).build())
        .opTimeout(Duration.ofSeconds(60)).build();
    resources.add(cache);
    DaramjweeFilter filter = DaramjweeFilter.builder(cache).route(route).build();
    server = StampedeServer.start(dir.resolve("tomcat"), HERD + 20, HERD, filter, servlet);
    resources.add(server);
    origin.server = server;
  }

  private void assertOneOriginCallServedToAll(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path))
        .timeout(Duration.ofSeconds(60)).GET().build();
    long start = System.nanoTime();
    // Sent without waiting for any answer; the origin answers none before all are in the server.
    List<CompletableFuture<HttpResponse<byte[]>>> sent = new ArrayList<>();
    for (int i = 0; i < HERD; i++) {
      sent.add(client.sendAsync(request, BodyHandlers.ofByteArray()));
    }
    int stored = 0;
    int collapsed = 0;
    int hits = 0;
    for (CompletableFuture<HttpResponse<byte[]>> f : sent) {
      HttpResponse<byte[]> reply = f.get(90, TimeUnit.SECONDS);
      assertThat(reply.statusCode()).as("status of %s", reply).isEqualTo(200);
      assertThat(Arrays.equals(reply.body(), BODY)).as("the origin's body in %s", reply).isTrue();
      List<String> status = Arrays.stream(
          reply.headers().firstValue("Cache-Status").orElse("").split(";"))
          .map(String::trim).toList();
      stored += status.contains("stored") ? 1 : 0;
      collapsed += status.contains("collapsed") ? 1 : 0;
      hits += status.contains("hit") ? 1 : 0;
    }
    long wallMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(origin.calls.get()).as("origin calls").isEqualTo(1);
    assertThat(origin.inFlightWhenAnswered).as("requests in the server when the origin answered")
        .isEqualTo(HERD);
    assertThat(stored).as("answers that went to the origin and stored").isEqualTo(1);
    // Counted in flight by the outermost filter, a request may not have reached the cache when the
    // fill published; it is then a plain hit on that fill, which is as good.
    assertThat(collapsed + hits).as("answers served from the leader's fill (collapsed or hit)")
        .isEqualTo(HERD - 1);
    assertThat(collapsed).as("answers that waited for the leader").isPositive();
    log.info("stampede {}: {} concurrent requests, {} origin call held {} ms (herd in after {} ms),"
        + " all answered 200 with the same {} bytes in {} ms wall", path, HERD,
        origin.calls.get(), origin.heldMillis, origin.herdInMillis, BODY.length, wallMillis);
  }

  /**
   * The slow origin: takes {@link #ORIGIN_LATENCY}, and does not answer before the whole herd is
   * in the server. Counts its calls. Thread-safe.
   */
  private static final class SlowOrigin {
    final AtomicInteger calls = new AtomicInteger();
    volatile StampedeServer server;
    volatile int inFlightWhenAnswered = -1;
    volatile long herdInMillis = -1;
    volatile long heldMillis = -1;

    byte[] answer() {
      long entered = System.nanoTime();
      calls.incrementAndGet();
      try {
        if (server.allInFlight().await(60, TimeUnit.SECONDS)) {
          herdInMillis = (System.nanoTime() - entered) / 1_000_000;
        }
        long left = ORIGIN_LATENCY.toNanos() - (System.nanoTime() - entered);
        if (left > 0) {
          TimeUnit.NANOSECONDS.sleep(left); // the origin's own latency, not a wait for work
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      inFlightWhenAnswered = server.inFlight();
      heldMillis = (System.nanoTime() - entered) / 1_000_000;
      return BODY;
    }
  }
}
