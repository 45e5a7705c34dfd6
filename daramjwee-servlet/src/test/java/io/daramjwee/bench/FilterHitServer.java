package io.daramjwee.bench;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.Store;
import io.daramjwee.http.RouteRules;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.servlet.Route;
import io.daramjwee.store.ehcache.EhcacheStore;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.store.redis.LocalRedis;
import io.daramjwee.store.redis.RedisStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * The server of the filter hit-path load benchmark ({@code bench/filter-hit.sh}): one embedded
 * Tomcat on 127.0.0.1 with Tomcat's (and so Spring Boot's) default connector settings (NIO,
 * HTTP/1.1 keep-alive, the default thread pool), and one servlet answering {@code GET /ceiling/*}
 * and {@code GET /cached/*} with the same preloaded bytes in one write. {@link DaramjweeFilter} is
 * mapped in front of {@code /cached/*} only, so {@code /ceiling/*} is the no-filter ceiling and
 * {@code /cached/*} is the filter's hit path once {@code /cached/x} has been filled, which this
 * main does itself before it prints {@code ready <port>}.
 *
 * <pre>
 * java -Xmx1g -cp &lt;test classpath&gt; io.daramjwee.bench.FilterHitServer \
 *     [port [size [memory|ehcache|redis]]]
 * </pre>
 *
 * <p>{@code port} 0 picks a free one; {@code size} is the body in bytes (default 1024);
 * {@code memory} (default) puts a 256 MiB {@link MemoryStore} at tier 0, {@code ehcache} a 256 MiB
 * {@link EhcacheStore} heap pool, {@code redis} a {@link RedisStore} (default settings) on a
 * redis-server this main starts itself on a free loopback port ({@link LocalRedis}, a child
 * process) and stops at exit. The store is the only tier, so with {@code redis} every hit is a
 * read from Redis; a Redis store may be tier 0 ({@code hotTierRefusal} is null). The environment
 * variable {@code REDIS_SERVER}, when set, names another redis-server binary to start instead (a
 * distribution's build, say: the embedded one is a static musl build with libc malloc), and
 * {@code REDIS_NEAR_CACHE}, when set, the store's {@code nearCacheSize} in bytes (default 0, off:
 * then every hit is a {@code GET}; on, a repeated hit is answered from the store's near cache,
 * which Redis keeps coherent). Runs until killed (SIGTERM runs the shutdown hook, which stops Tomcat, the cache and the
 * redis-server).
 */
public final class FilterHitServer {

  // Held so the JUL levels set below are not lost to garbage collection of the loggers.
  private static final java.util.logging.Logger TOMCAT_LOG =
      java.util.logging.Logger.getLogger("org.apache");

  private FilterHitServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    String storeKind = args.length > 2 ? args[2] : "memory";
    quietLogs();

    byte[] body = new byte[size];
    new Random(42).nextBytes(body);
    RedisProcess redis = storeKind.equals("redis") ? RedisProcess.start() : null;
    Store tier0 = switch (storeKind) {
      case "memory" -> MemoryStore.builder().capacity(256L << 20).build();
      case "ehcache" -> EhcacheStore.builder().heapSize(256L << 20).build();
      case "redis" -> RedisStore.builder().uri(redis.uri()).nearCacheSize(nearCacheSize())
          .build();
      default -> throw new IllegalArgumentException(
          "store must be memory, ehcache or redis: " + storeKind);
    };
    DaramjweeCache cache = DaramjweeCache.builder().tiers(tier0).build();
    DaramjweeFilter filter = DaramjweeFilter.builder(cache)
        .route(Route.controller("/cached/**",
            RouteRules.builder("cached").freshFor(Duration.ofHours(1)).build()))
        .build();

    Path baseDir = Files.createTempDirectory("filter-hit-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector(); // HTTP/1.1 NIO, Tomcat's defaults, as Boot leaves them
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    connector.setThrowOnFailure(true);
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    tomcat.getHost().setAutoDeploy(false);

    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, "bytes", new BytesServlet(body)).setAsyncSupported(true);
    context.addServletMappingDecoded("/ceiling/*", "bytes");
    context.addServletMappingDecoded("/cached/*", "bytes");

    FilterDef filterDef = new FilterDef();
    filterDef.setFilterName("daramjwee");
    filterDef.setFilter(filter);
    filterDef.setAsyncSupported("true");
    context.addFilterDef(filterDef);
    FilterMap filterMap = new FilterMap();
    filterMap.setFilterName("daramjwee");
    filterMap.addURLPatternDecoded("/cached/*");
    filterMap.setDispatcher("REQUEST");
    filterMap.setDispatcher("ASYNC");
    context.addFilterMap(filterMap);

    tomcat.start();
    int actualPort = connector.getLocalPort();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (LifecycleException e) {
        System.err.println("stopping Tomcat: " + e);
      }
      cache.close();
      if (redis != null) {
        redis.stop();
      }
    }, "filter-hit-shutdown"));

    warm(actualPort, body);
    if (redis != null) {
      System.out.println("redis " + redis.port());
    }
    System.out.println("ready " + actualPort);
    System.out.flush();
    tomcat.getServer().await();
  }

  /** Fills {@code /cached/x} and checks that the next request is a hit with the same bytes. */
  private static void warm(int port, byte[] body) throws IOException, InterruptedException {
    URL url = new URL("http://127.0.0.1:" + port + "/cached/x");
    fetch(url, body); // the miss: the controller runs, its response is teed into tier 0
    // The fill publishes as the filter returns, which may be just after the client has the body.
    Awaitility.await("/cached/x becoming a hit").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> {
          String status = fetch(url, body);
          return status != null && status.contains("; hit");
        });
  }

  /** {@code REDIS_NEAR_CACHE} in bytes, or 0. */
  private static long nearCacheSize() {
    String bytes = System.getenv("REDIS_NEAR_CACHE");
    return bytes == null || bytes.isEmpty() ? 0 : Long.parseLong(bytes);
  }

  private static String fetch(URL url, byte[] expected) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    try {
      if (connection.getResponseCode() != 200) {
        throw new IllegalStateException(url + " answered " + connection.getResponseCode());
      }
      byte[] got;
      try (InputStream in = connection.getInputStream()) {
        got = in.readAllBytes();
      }
      if (!Arrays.equals(got, expected)) {
        throw new IllegalStateException(url + " answered " + got.length + " other bytes");
      }
      return connection.getHeaderField("Cache-Status");
    } finally {
      connection.disconnect();
    }
  }

  private static void quietLogs() {
    TOMCAT_LOG.setLevel(Level.WARNING);
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /**
   * The redis-server of a {@code redis} tier 0 (and of {@link RedisStoreBenchmark}): a child
   * process on a free loopback port.
   */
  record RedisProcess(int port, Runnable stopper) {

    /** Starts {@code $REDIS_SERVER} if set, else the embedded binary ({@link LocalRedis}). */
    static RedisProcess start() throws IOException {
      String binary = System.getenv("REDIS_SERVER");
      if (binary == null || binary.isEmpty()) {
        LocalRedis local = LocalRedis.start();
        return new RedisProcess(local.port(), local::close);
      }
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Process process = new ProcessBuilder(binary, "--bind", "127.0.0.1", "--port",
          Integer.toString(port), "--save", "", "--appendonly", "no")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      RedisProcess redis = new RedisProcess(port, () -> {
        process.destroy(); // SIGTERM: redis-server exits at once, nothing to save
        try {
          process.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      try {
        Awaitility.await(binary + " accepting connections").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(binary + " exited: " + process.exitValue());
              }
              try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
              } catch (IOException notYet) {
                return false;
              }
            });
      } catch (RuntimeException e) {
        redis.stop();
        throw e;
      }
      return redis;
    }

    String uri() {
      return "redis://127.0.0.1:" + port;
    }

    void stop() {
      stopper.run();
    }
  }

  /** Answers every GET with the preloaded bytes: length set, one write. */
  private static final class BytesServlet extends HttpServlet {
    private final byte[] body;

    BytesServlet(byte[] body) {
      this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/octet-stream");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }
}
