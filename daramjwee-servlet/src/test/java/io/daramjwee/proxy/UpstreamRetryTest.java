package io.daramjwee.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.FetchResult;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RouteRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The race a pooled connection loses when the upstream closes it just as it is reused: the
 * request goes out, nothing comes back. A raw socket origin plays it exactly: its first connection
 * answers one request with keep-alive, then reads the second request and hangs up without a word.
 */
class UpstreamRetryTest {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
      + "Cache-Control: max-age=60\r\nContent-Length: 2\r\n\r\nok";

  @Test
  void fetch_onAConnectionTheUpstreamDropped_isRetriedOnceOnAFreshOne() throws Exception {
    try (DroppingOrigin origin = new DroppingOrigin();
        Upstream upstream = Upstream.builder(origin.uri()).maxConnections(1).build()) {
      assertThat(body(upstream)).isEqualTo("ok"); // leaves the connection pooled
      assertThat(body(upstream)).as("second request, first sent on the dropped connection")
          .isEqualTo("ok");
      assertThat(origin.requestsSeen()).isEqualTo(3);
      assertThat(origin.connections()).isEqualTo(2);
    }
  }

  private static String body(Upstream upstream) throws IOException {
    FetchResult result = upstream.fetcher(RouteRules.builder("proxy").build(),
        new UpstreamRequest("GET", "/x", Headers.empty(), "203.0.113.7", "http", "localhost"))
        .fetch(null);
    try (InputStream body = result.body()) {
      return new String(body.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** First connection: one answer, then a silent hang-up; every later one answers normally. */
  private static final class DroppingOrigin implements AutoCloseable {
    private final ServerSocket server =
        new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final CompletableFuture<Void> serving;

    DroppingOrigin() throws IOException {
      serving = CompletableFuture.runAsync(() -> {
        try {
          while (true) {
            try (Socket s = server.accept()) {
              boolean first = connections.incrementAndGet() == 1;
              InputStream in = s.getInputStream();
              OutputStream out = s.getOutputStream();
              while (readRequestHead(in)) {
                requests.incrementAndGet();
                if (first && requests.get() == 2) {
                  break; // the race: the request arrived, the server closes anyway
                }
                out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
              }
            }
          }
        } catch (IOException closed) {
          // the test closed the server socket
        }
      });
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    int requestsSeen() {
      return requests.get();
    }

    int connections() {
      return connections.get();
    }

    /** Reads one request head; false at the end of the connection. */
    private static boolean readRequestHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      for (int b; (b = in.read()) >= 0; ) {
        head.write(b);
        if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() throws Exception {
      server.close();
      serving.get(10, TimeUnit.SECONDS);
    }
  }
}
