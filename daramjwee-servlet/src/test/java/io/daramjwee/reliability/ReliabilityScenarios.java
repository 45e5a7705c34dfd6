package io.daramjwee.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.DaramjweeBuilder;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Store;
import io.daramjwee.http.RouteRules;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.servlet.Route;
import io.daramjwee.servlet.TomcatServer;
import io.daramjwee.store.ehcache.EhcacheStore;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.testing.MutableClock;
import io.daramjwee.testing.Resources;
import io.daramjwee.testing.TestClient;
import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reliability scenarios share, composed from the filter scenarios' parts: a real Tomcat
 * with {@link DaramjweeFilter} in front of a {@link BodyOrigin} on {@code /item/**} (a controller
 * route, fresh for 60 s and stale for 10 min), a cache on a test clock whose tiers a scenario
 * breaks, a real HTTP client, and {@link #assertFromOrigin}, which holds a reply to the origin's
 * exact bytes. Everything a test starts is closed after it, newest first.
 */
abstract class ReliabilityScenarios {

  static final Duration FRESH = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  final MutableClock clock = new MutableClock();
  BodyOrigin origin = new BodyOrigin(16 * 1024);
  DaramjweeCache cache;
  /** Settings of the cache {@link #start} builds beyond the shared ones; none by default. */
  Consumer<DaramjweeBuilder> options = builder -> {};
  TomcatServer server;
  TestClient client;
  private final Resources resources = new Resources();

  @AfterEach
  void closeEverything() throws Exception {
    resources.close();
  }

  /** Closes {@code resource} after the test, before anything opened earlier. */
  <T extends AutoCloseable> T closeLater(T resource) {
    return resources.add(resource);
  }

  /** Starts Tomcat and the filter over a cache of {@code tiers} with a worker of 2 and 64. */
  void start(Store... tiers) throws Exception {
    start(2, 64, tiers);
  }

  /** Starts Tomcat and the filter over a cache of {@code tiers} and this worker. */
  void start(int workerThreads, int workerQueue, Store... tiers) throws Exception {
    DaramjweeBuilder builder = DaramjweeCache.builder().tiers(tiers).clock(clock)
        .freshness(FRESH, Duration.ofSeconds(10))
        .worker(workerThreads, workerQueue, Duration.ofSeconds(30));
    options.accept(builder);
    cache = closeLater(builder.build());
    RouteRules rules = RouteRules.builder("items").freshFor(FRESH)
        .staleFor(Duration.ofMinutes(10)).build();
    DaramjweeFilter filter = DaramjweeFilter.builder(cache).clock(clock)
        .route(Route.controller("/item/**", rules)).build();
    server = closeLater(TomcatServer.builder(dir.resolve("tomcat")).filter(filter)
        .servlet("/", origin).start());
    client = server.client();
  }

  /** A 200 carrying exactly the bytes the origin answers for {@code path} now. */
  void assertFromOrigin(Reply reply, String path) {
    assertThat(reply.status()).as("status of %s", path).isEqualTo(200);
    assertThat(reply.body()).as("body of %s", path).isEqualTo(origin.expected(path));
  }

  /** GETs {@code path} and asserts {@link #assertFromOrigin}. */
  Reply getFromOrigin(String path) {
    Reply reply = client.get(path);
    assertFromOrigin(reply, path);
    return reply;
  }

  /** True when {@code reply} was a hit (RFC 9211 {@code hit} in Cache-Status). */
  static boolean isHit(Reply reply) {
    String status = reply.cacheStatus();
    return status != null && status.matches(".*;\\s*hit(;.*|\\s*)$");
  }

  /** A file store of 64 MiB in {@code directory}, fsync on, as in production. */
  static FileStore fileStore(Path directory) throws IOException {
    return FileStore.builder().directory(directory).capacity(64L << 20).build();
  }

  /**
   * An Ehcache store whose persistent disk pool holds nearly everything: a heap of 16 chunks of
   * 4 KiB, so a 16 KiB body is four chunks and most reads come from the disk pool.
   */
  static EhcacheStore ehcacheDisk(Path directory) {
    return EhcacheStore.builder().heapSize(64 * 1024).diskSize(8L << 20).directory(directory)
        .chunkSize(4 * 1024).inlineThreshold(1024).build();
  }

  static String item(int i) {
    return "/item/" + i;
  }
}
