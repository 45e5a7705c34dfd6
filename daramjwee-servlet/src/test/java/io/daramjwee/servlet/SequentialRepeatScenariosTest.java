package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A client that read a whole miss and at once asks again reads a hit (RFC 9211 §2.1), not
 * {@code fwd=miss; collapsed} (§2.6): the fill is published before the client can see the end of
 * the response. On a controller route it is published as the write that reaches the declared
 * {@code Content-Length} goes out, before its bytes do, so even a controller still running after
 * its last byte (Spring's message converters flush, then the request unwinds) has published; on a
 * proxy route the miss is published at the upstream body's EOF, before the response ends. A body
 * short of its declared length is still never published.
 *
 * <p>The repeat goes over a second connection, as a browser's or a pool's next request may: on
 * the miss's own keep-alive connection the server reads the repeat only once the miss has ended.
 */
class SequentialRepeatScenariosTest extends FilterScenarios {

  private static final int REPEATS = 200;

  /** A client with connections of its own, not the miss's. */
  private final HttpClient secondConnection = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code path} asked again at once, over {@link #secondConnection}. */
  private Reply repeat(String path) {
    try {
      HttpResponse<byte[]> r = secondConnection.send(HttpRequest.newBuilder(
          server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
          BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Test
  void controllerStillRunningAfterItsLastDeclaredByte_theRepeatIsAHit() throws Exception {
    CountDownLatch repeatServed = new CountDownLatch(1);
    origin.on("/doc", (request, response, call) -> {
      ScriptedOrigin.write(response, "doc " + call);
      response.flushBuffer(); // the client holds the whole body now
      if (call == 1) {
        // Still in the controller: the fill must already be published, or the repeat waits.
        assertThat(repeatServed.await(10, TimeUnit.SECONDS)).isTrue();
      }
    });
    start(Route.controller("/doc", rules("doc").build()));

    Reply miss = client.get("/doc");
    Reply repeat = repeat("/doc");
    repeatServed.countDown();

    assertStoredMiss(miss);
    assertHit(repeat);
    assertThat(repeat.text()).isEqualTo("doc 1");
    assertThat(origin.calls("/doc")).isEqualTo(1);
    server.awaitIdle();
  }

  @Test
  void writerDeclaringItsLengthAsAHeaderField_stillRunning_theRepeatIsAHit() throws Exception {
    CountDownLatch repeatServed = new CountDownLatch(1);
    String text = "caf\u00e9 ".repeat(3_000); // over the container's buffer, 2 bytes a \u00e9
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    origin.on("/text", (request, response, call) -> {
      response.setContentType("text/plain;charset=UTF-8");
      response.setHeader("Content-Length", Integer.toString(bytes.length));
      PrintWriter writer = response.getWriter();
      writer.write(text);
      writer.flush();
      response.flushBuffer();
      if (call == 1) {
        assertThat(repeatServed.await(10, TimeUnit.SECONDS)).isTrue();
      }
    });
    start(Route.controller("/text", rules("text").build()));

    Reply miss = client.get("/text");
    Reply repeat = repeat("/text");
    repeatServed.countDown();

    assertStoredMiss(miss);
    assertHit(repeat);
    assertThat(repeat.body()).isEqualTo(bytes);
    assertThat(origin.calls("/text")).isEqualTo(1);
    server.awaitIdle();
  }

  @Test
  void emptyBodyDeclaredAndFlushed_controllerStillRunning_theRepeatIsAHit() throws Exception {
    CountDownLatch repeatServed = new CountDownLatch(1);
    origin.on("/empty", (request, response, call) -> {
      response.setContentType("text/plain");
      response.setContentLength(0);
      response.flushBuffer(); // the whole response is out: a head and no body
      if (call == 1) {
        assertThat(repeatServed.await(10, TimeUnit.SECONDS)).isTrue();
      }
    });
    start(Route.controller("/empty", rules("empty").build()));

    Reply miss = client.get("/empty");
    Reply repeat = repeat("/empty");
    repeatServed.countDown();

    assertStoredMiss(miss);
    assertHit(repeat);
    assertThat(repeat.body()).isEmpty();
    assertThat(origin.calls("/empty")).isEqualTo(1);
    server.awaitIdle();
  }

  @Test
  void controllerMissReadToItsEnd_repeatedAtOnce_isAHit_everyTime() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    origin.on("/seq", (request, response, call) -> {
      throw new AssertionError("not scripted");
    });
    start(Route.controller("/seq/**", rules("seq").build()));
    for (int i = 0; i < REPEATS; i++) {
      String path = "/seq/" + i;
      boolean flushes = i % 2 == 0; // as Spring's converters do, or left to the container
      byte[] body = body(1 + i * 97); // 1 byte to about 19 KiB, over the container's buffer
      origin.on(path, (request, response, call) -> {
        calls.incrementAndGet();
        response.setContentType("application/octet-stream");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        if (flushes) {
          response.flushBuffer();
        }
      });

      Reply miss = client.get(path);
      Reply repeat = repeat(path);

      assertStoredMiss(miss);
      assertHit(repeat);
      assertThat(repeat.body()).as("repeat %d", i).isEqualTo(body);
      assertThat(origin.calls(path)).as("controller calls for %s", path).isEqualTo(1);
    }
    assertThat(calls).hasValue(REPEATS);
  }

  @Test
  void proxyMissReadToItsEnd_repeatedAtOnce_isAHit_everyTime() throws Exception {
    wiremock().stubFor(get(urlPathMatching("/origin/seq/.*"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
            .withBody("small proxied body")));
    byte[] large = body(64 * 1024 + 7); // over the container's buffer: sent in chunks
    wiremock().stubFor(get(urlPathMatching("/origin/large/.*"))
        .willReturn(aResponse().withStatus(200).withBody(large)));
    start(Route.proxy("/p/**", rules("p").build(), upstream()));

    for (int i = 0; i < REPEATS; i++) {
      boolean big = i % 4 == 3;
      String path = (big ? "/large/" : "/seq/") + i;

      Reply miss = client.get("/p" + path);
      Reply repeat = repeat("/p" + path);

      assertStoredMiss(miss);
      assertHit(repeat);
      assertThat(repeat.body()).isEqualTo(big ? large
          : "small proxied body".getBytes(StandardCharsets.US_ASCII));
      wiremock().verify(1, getRequestedFor(urlEqualTo("/origin" + path)));
    }
  }

  /**
   * The deliberate price of publishing at the declared length: what fails after the response is
   * whole (Servlet §5.7 closed it; the client has every byte of it) no longer unpublishes it.
   */
  @Test
  void controllerFailingAfterItsWholeDeclaredBody_isStored_asTheClientReceivedIt()
      throws Exception {
    origin.on("/late-failure", (request, response, call) -> {
      ScriptedOrigin.write(response, "whole body " + call);
      if (call == 1) {
        throw new IllegalStateException("failed after the whole declared body");
      }
    });
    start(Route.controller("/late-failure", rules("late-failure").build()));

    Reply first = client.get("/late-failure");
    server.awaitIdle();
    Reply next = client.get("/late-failure");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.text()).isEqualTo("whole body 1");
    assertHit(next);
    assertThat(next.text()).isEqualTo("whole body 1");
    assertThat(origin.calls("/late-failure")).isEqualTo(1);
  }

  @Test
  void controllerBodyShortOfTheLengthItsHeaderFieldDeclared_isNotStored() throws Exception {
    origin.on("/short", (request, response, call) -> {
      response.setContentType("application/octet-stream");
      response.setHeader("Content-Length", "100");
      response.getOutputStream().write(new byte[call == 1 ? 60 : 100]);
    });
    start(Route.controller("/short", rules("short").build()));

    // 60 bytes arrive and the client waits for 40 more that never come: it hangs up.
    client.open("/short").body().close();
    server.awaitIdle();
    Reply next = client.get("/short");

    assertForwarded(next);
    assertThat(next.body()).hasSize(100);
    assertThat(origin.calls("/short")).isEqualTo(2);
  }

  @Test
  void upstreamBodyShortOfItsDeclaredLength_isNotStored() throws Exception {
    try (ShortThenWhole upstream = new ShortThenWhole(100, 60)) {
      start(Route.proxy("/p/**", rules("p-short").build(),
          upstream(upstream.uri(), Duration.ofSeconds(10))));

      try {
        client.get("/p/short");
      } catch (UncheckedIOException alsoFine) {
        // The upstream broke off. Before the first byte went out the filter passes the request
        // through instead (a second upstream request); after, the client's response is cut.
      }
      server.awaitIdle();
      int before = upstream.requests();
      Reply next = client.get("/p/short");
      Reply hit = client.get("/p/short");

      assertForwarded(next); // the 60 bytes were never stored
      assertThat(next.body()).hasSize(100);
      assertHit(hit);
      assertThat(hit.body()).hasSize(100);
      assertThat(upstream.requests()).isEqualTo(before + 1);
    }
  }

  /** {@code length} bytes of a pattern that shows a cut or a shift. */
  private static byte[] body(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 31 + length);
    }
    return b;
  }

  /**
   * An upstream that answers every request {@code 200} with {@code Content-Length: declared}: the
   * first with only {@code sent} bytes and then a closed connection, the others whole. Thread-safe.
   */
  private static final class ShortThenWhole implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final CompletableFuture<Void> serving;

    ShortThenWhole(int declared, int sent) throws IOException {
      server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      serving = CompletableFuture.runAsync(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            skipRequestHead(s.getInputStream());
            int n = requests.incrementAndGet();
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + declared + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[n == 1 ? sent : declared]);
            out.flush();
          } catch (IOException e) {
            if (!server.isClosed()) {
              throw new UncheckedIOException(e);
            }
          }
        }
      });
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    int requests() {
      return requests.get();
    }

    private static void skipRequestHead(InputStream in) throws IOException {
      String end = "\r\n\r\n";
      int matched = 0;
      while (matched < end.length()) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the connection closed inside the request head");
        }
        matched = b == end.charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
      serving.get(10, TimeUnit.SECONDS);
    }
  }
}
