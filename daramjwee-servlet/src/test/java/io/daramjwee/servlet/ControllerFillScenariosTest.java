package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.text;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Misses on controller routes of plain servlets: what the filter stores after the controller
 * ran, and above all what it must not store: a body cut short by the client or by the
 * controller, a response marked private, and anything answered to a credentialed request.
 */
class ControllerFillScenariosTest extends FilterScenarios {

  private static final int CHUNK = 8 * 1024;
  private static final int CHUNKS = 256;

  @Test
  void clientDisconnectMidBody_publishesNothing() throws Exception {
    CountDownLatch hungUp = new CountDownLatch(1);
    AtomicBoolean writeFailed = new AtomicBoolean();
    origin.on("/slow", (request, response, call) -> {
      response.setContentType("application/octet-stream");
      OutputStream out = response.getOutputStream();
      out.write(chunk(0));
      out.flush();
      if (call == 1) {
        // The rest only once the client is gone, so the body is cut short for certain.
        assertThat(hungUp.await(10, TimeUnit.SECONDS)).isTrue();
      }
      try {
        for (int i = 1; i < CHUNKS; i++) {
          out.write(chunk(i));
          out.flush();
        }
      } catch (IOException e) {
        writeFailed.set(true);
        throw e;
      }
    });
    start(Route.controller("/slow", rules("slow").build()));

    assertThat(readThenReset("/slow", CHUNK)).isEqualTo(chunk(0));
    hungUp.countDown();
    await("the controller to see the client gone").until(writeFailed::get);
    server.awaitIdle();

    Reply next = client.get("/slow");
    assertForwarded(next);
    assertThat(next.body()).hasSize(CHUNK * CHUNKS);
    assertThat(Arrays.copyOfRange(next.body(), CHUNK * (CHUNKS - 1), CHUNK * CHUNKS))
        .isEqualTo(chunk(CHUNKS - 1));
    assertThat(origin.calls("/slow")).isEqualTo(2);
  }

  @Test
  void controllerThrowingAfterPartialWrite_publishesNothing() throws Exception {
    origin.on("/fails", (request, response, call) -> {
      if (call == 1) {
        response.setContentType("text/plain");
        response.getOutputStream().write("partial".getBytes());
        response.flushBuffer();
        throw new IllegalStateException("the controller failed after a partial write");
      }
      write(response, "complete");
    });
    start(Route.controller("/fails", rules("fails").build()));

    try {
      client.get("/fails");
    } catch (UncheckedIOException expected) {
      // Tomcat cuts the connection of a committed response whose servlet threw; what the
      // client sees is not this scenario's subject, what the cache keeps is.
    }
    server.awaitIdle();

    Reply next = client.get("/fails");
    assertForwarded(next);
    assertThat(next.text()).isEqualTo("complete");
    assertThat(origin.calls("/fails")).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "Set-Cookie    | session=abc; Path=/; HttpOnly",
      "Cache-Control | private, max-age=600",
      "Cache-Control | no-store",
  })
  void responseWithSetCookiePrivateOrNoStore_isNotStored(String name, String value)
      throws Exception {
    origin.on("/personal", (request, response, call) -> {
      response.setHeader(name, value);
      write(response, "for you, call " + call);
    });
    start(Route.controller("/personal", rules("personal").build()));

    assertUnstoredMiss(client.get("/personal"));
    Reply second = client.get("/personal");

    assertForwarded(second);
    assertThat(second.text()).isEqualTo("for you, call 2");
    assertThat(origin.calls("/personal")).isEqualTo(2);
  }

  @Test
  void authorizationOnRequest_bypassesAndStoresNothing() throws Exception {
    origin.on("/account", (request, response, call) ->
        write(response, request.getHeader("Authorization") == null ? "anonymous" : "alice"));
    start(Route.controller("/account", rules("account").build()));

    for (int i = 0; i < 2; i++) {
      Reply credentialed = client.get("/account", "Authorization", "Bearer alice-token");
      assertBypass(credentialed);
      assertThat(credentialed.text()).isEqualTo("alice");
    }
    Reply anonymous = client.get("/account");

    assertStoredMiss(anonymous);
    assertThat(anonymous.text()).isEqualTo("anonymous");
    assertThat(origin.calls("/account")).isEqualTo(3);
  }

  @Test
  void varyFromController_keepsLanguagesApart() throws Exception {
    origin.on("/greeting", (request, response, call) -> {
      // The controller, not the route, declares what it varies on.
      response.setHeader("Vary", "Accept-Language");
      write(response, "de".equals(request.getHeader("Accept-Language")) ? "Hallo" : "Hello");
    });
    start(Route.controller("/greeting", rules("greeting").build()));

    // RFC 9111 §4.1: the first response is stored at once with the language it was chosen for;
    // a request in another language is a miss that stores its own variant beside it.
    Reply first = client.get("/greeting", "Accept-Language", "en");
    assertStoredMiss(first);
    assertThat(first.text()).isEqualTo("Hello");
    Reply de = client.get("/greeting", "Accept-Language", "de");
    assertStoredMiss(de);
    assertThat(de.text()).isEqualTo("Hallo");

    for (int i = 0; i < 3; i++) {
      Reply en = client.get("/greeting", "Accept-Language", "en");
      assertHit(en);
      assertThat(en.text()).isEqualTo("Hello");
      Reply deAgain = client.get("/greeting", "Accept-Language", "de");
      assertHit(deAgain);
      assertThat(deAgain.text()).isEqualTo("Hallo");
    }
    assertThat(origin.calls("/greeting")).isEqualTo(2);
  }

  @Test
  void plainMiss_isStoredAndServedAsHit() throws Exception {
    origin.on("/plain", text("plain body"));
    start(Route.controller("/plain", rules("plain").build()));

    assertStoredMiss(client.get("/plain"));
    Reply hit = client.get("/plain");

    assertHit(hit);
    assertThat(ttl(hit)).isEqualTo(60);
    assertThat(hit.text()).isEqualTo("plain body");
    assertThat(hit.header("Age")).isEqualTo("0");
    assertThat(hit.header("Content-Length")).isEqualTo("10");
    assertThat(hit.header("ETag")).as("computed, weak").hasSize(26).startsWith("W/\"")
        .endsWith("\"");
    assertThat(origin.calls("/plain")).isEqualTo(1);
  }

  /** Chunk {@code i} of the slow body: 8 KiB of one byte value, so a cut shows. */
  /**
   * GET {@code path} on a connection of its own: reads the head and the first {@code length}
   * bytes of the chunked body, then resets the connection ({@code SO_LINGER} 0), so the server's
   * next write fails. Closing the JDK client's body stream instead drops its connection on the
   * client's own thread some time later, and a controller released meanwhile could write its
   * whole body into the socket buffers before the connection went.
   */
  private byte[] readThenReset(String path, int length) throws IOException {
    URI base = server.baseUri();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost()
          + ":" + base.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = new BufferedInputStream(socket.getInputStream());
      boolean chunked = false;
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        chunked |= line.toLowerCase(Locale.ROOT).matches("transfer-encoding:\\s*chunked");
      }
      assertThat(chunked).as("a body of unknown length, sent in chunks").isTrue();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (body.size() < length) {
        body.write(in.readNBytes(Integer.parseInt(line(in), 16)));
        line(in); // the CRLF after the chunk
      }
      socket.setSoLinger(true, 0);
      return Arrays.copyOf(body.toByteArray(), length);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the connection ended inside a line: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static byte[] chunk(int i) {
    byte[] b = new byte[CHUNK];
    Arrays.fill(b, (byte) i);
    return b;
  }
}
