package io.daramjwee.store.ehcache;

import static io.daramjwee.store.ehcache.EhcacheEntries.chunksOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.http.RouteRules;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.servlet.Route;
import io.daramjwee.servlet.TomcatServer;
import io.daramjwee.store.chunked.ChunkManifest;
import io.daramjwee.testing.Resources;
import io.daramjwee.testing.TestClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ehcache.Cache;

/**
 * A large hit from an Ehcache hot tier over a real Tomcat, read by a client that stops reading
 * part way, while other requests fill the tier and Ehcache evicts the hit's chunks (issue 16,
 * "no hit cut short by eviction"; the soak's failure, in the build). The client's small receive
 * buffer holds the server's writer, and so the store's reader, in the middle of the body while the
 * others fill the tier. The test checks that it did: the reader is still open and its chunks are
 * gone from the cache when the client reads on.
 */
class EhcacheHitUnderEvictionScenariosTest {

  private static final int CHUNK = 64 * 1024;
  // 256 chunks: more than the sockets buffer (a loopback send buffer grows to 4 MiB)
  private static final int BODY = 16 << 20;
  private static final int CHUNKS = BODY / CHUNK;

  @TempDir
  Path dir;

  private final Resources resources = new Resources();
  private EhcacheStore store;
  private TomcatServer server;
  private TestClient client;

  @AfterEach
  void closeEverything() throws Exception {
    resources.close();
  }

  @Test
  void aHitWhoseChunksAreEvictedWhileTheClientIsSlow_arrivesWhole() throws Exception {
    start(EhcacheStore.builder().heapSize(48L << 20).chunkSize(CHUNK).build());

    SlowClient.Answer answer = hitEvictedMidBody();

    assertThat(answer.cacheStatus()).as("a hit").contains("hit");
    assertThat(answer.body()).as("the whole body, byte for byte").isEqualTo(body("/item/0"));
    assertThat(store.pinnedBytes()).isZero();
  }

  /** Without pins (the behaviour before), the same hit is broken off: what the pins prevent. */
  @Test
  void withoutPins_theSameHitIsCutShort() throws Exception {
    start(EhcacheStore.builder().heapSize(48L << 20).chunkSize(CHUNK).maxPinnedBytes(0).build());

    SlowClient.Answer answer = hitEvictedMidBody();

    assertThat(answer.cacheStatus()).contains("hit");
    assertThat(answer.body().length).as("bytes before the break").isLessThan(BODY);
  }

  /**
   * Stores /item/0, opens it as a hit with a client that reads 64 KiB and stops, fills the tier
   * with four more bodies of the same size meanwhile, checks the store's reader is still open and
   * has lost chunks from the cache, then reads on.
   */
  private SlowClient.Answer hitEvictedMidBody() throws Exception {
    client.get("/item/0");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> client.get("/item/0").cacheStatus().contains("hit"));
    String writeId = chunkedWriteIdOf("/item/0");

    try (SlowClient slow = SlowClient.open(server.baseUri(), "/item/0")) {
      slow.readBody(CHUNK);
      for (int i = 1; i <= 4; i++) {
        assertThat(client.get("/item/" + i).body()).isEqualTo(body("/item/" + i));
      }
      assertThat(store.openVersions()).as("the hit's reader is still mid-body").isEqualTo(1);
      assertThat(chunksOf(store, writeId, CHUNKS)).as("its chunks left in the cache")
          .isLessThan(CHUNKS);
      return slow.readToTheEnd();
    }
  }

  /** The write id of the one chunked entry whose key names {@code path}. */
  private String chunkedWriteIdOf(String path) throws Exception {
    String found = null;
    for (Cache.Entry<String, byte[]> entry : store.cache()) {
      String name = entry.getKey();
      if (Keys.isManifest(name) && name.contains(path)) {
        ChunkManifest manifest = ChunkManifest.decode(entry.getValue(), null);
        if (!manifest.isInline()) {
          assertThat(found).as("one chunked entry of %s", path).isNull();
          found = manifest.writeId();
        }
      }
    }
    assertThat(found).as("the chunked entry of %s", path).isNotNull();
    return found;
  }

  private void start(EhcacheStore ehcache) throws Exception {
    store = resources.add(ehcache);
    DaramjweeCache cache = resources.add(DaramjweeCache.builder().tiers(store).build());
    RouteRules rules = RouteRules.builder("items").freshFor(Duration.ofMinutes(5))
        .maxObjectSize(BODY).build();
    DaramjweeFilter filter = DaramjweeFilter.builder(cache)
        .route(Route.controller("/item/**", rules)).build();
    server = resources.add(TomcatServer.builder(dir.resolve("tomcat")).filter(filter)
        .servlet("/", new Origin()).start());
    client = server.client();
  }

  private static final Map<String, byte[]> BODIES = new ConcurrentHashMap<>();

  /** The origin's body for {@code path}: random bytes, the same for a path every time. */
  static byte[] body(String path) {
    return BODIES.computeIfAbsent(path, p -> {
      byte[] bytes = new byte[BODY];
      new Random(p.hashCode()).nextBytes(bytes);
      return bytes;
    });
  }

  /** Answers each path with {@link #body} of it. */
  static final class Origin extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/octet-stream");
      response.getOutputStream().write(body(request.getRequestURI()));
    }
  }
}
