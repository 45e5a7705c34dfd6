package io.daramjwee.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * A real HTTP origin on the JDK's {@code com.sun.net.httpserver} for bodies WireMock cannot serve
 * (it holds each body in memory): {@link LargeBodies#pattern} bytes generated while they are
 * written, or a body that never ends. It reads and counts request bodies, and counts requests
 * and responses abandoned because the client went away before their end, so a test can see that
 * a connection was dropped rather than drained.
 *
 * <p>Thread-safe; each request runs on its own thread. Close it to stop the server.
 */
public final class StreamingOrigin implements AutoCloseable {

  private static final int CHUNK = 64 * 1024;

  static {
    // Without it the server's Nagle delay meets the client's delayed ACK: 40 ms per response.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final AtomicLong requestBytes = new AtomicLong();
  private final AtomicLong lastRequestCrc = new AtomicLong();

  private StreamingOrigin(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** A started origin on a free port of the loopback address. */
  public static StreamingOrigin start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "streaming-origin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new StreamingOrigin(server, executor);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort());
  }

  /**
   * Answers requests under {@code path} with 200, a {@code Content-Length} of {@code size} and
   * {@code LargeBodies.pattern(seed, size)}, plus the header fields given as name, value pairs.
   */
  public StreamingOrigin pattern(String path, long seed, long size, String... headers) {
    server.createContext(path, counted(exchange -> {
      addHeaders(exchange, headers);
      exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
      try (OutputStream out = exchange.getResponseBody();
          InputStream body = LargeBodies.pattern(seed, size)) {
        body.transferTo(out);
      }
    }));
    return this;
  }

  /** Answers requests under {@code path} with {@code status} and a chunked body that never ends. */
  public StreamingOrigin endless(String path, int status) {
    server.createContext(path, counted(exchange -> {
      exchange.sendResponseHeaders(status, 0);
      byte[] chunk = new byte[CHUNK];
      try (OutputStream out = exchange.getResponseBody()) {
        while (true) {
          out.write(chunk);
        }
      }
    }));
    return this;
  }

  /** How many bytes of request bodies arrived, in all. */
  public long requestBytes() {
    return requestBytes.get();
  }

  /** The CRC32C of the last request body read, as {@link LargeBodies#crc} computes it. */
  public long lastRequestCrc() {
    return lastRequestCrc.get();
  }

  /** How many requests arrived. */
  public int requests() {
    return requests.get();
  }

  /** How many responses ended early because writing to the client failed. */
  public int abandoned() {
    return abandoned.get();
  }

  private HttpHandler counted(HttpHandler handler) {
    return exchange -> {
      requests.incrementAndGet();
      try {
        drainRequestBody(exchange);
        handler.handle(exchange);
      } catch (IOException e) {
        abandoned.incrementAndGet();
      } finally {
        exchange.close();
      }
    };
  }

  private void drainRequestBody(HttpExchange exchange) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[CHUNK];
    InputStream in = exchange.getRequestBody();
    for (int n; (n = in.read(buffer)) != -1; ) {
      crc.update(buffer, 0, n);
      requestBytes.addAndGet(n);
    }
    lastRequestCrc.set(crc.getValue());
  }

  private static void addHeaders(HttpExchange exchange, String[] headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("header names and values must pair up");
    }
    for (int i = 0; i < headers.length; i += 2) {
      exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
