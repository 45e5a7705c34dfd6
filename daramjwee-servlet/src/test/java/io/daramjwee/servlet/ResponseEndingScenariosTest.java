package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a plain servlet's response ends decides whether it is stored: only a body written through
 * the filter's response and ended as declared is. An async part writing around the filter, a
 * body shorter than its {@code Content-Length}, a client gone during a flush the controller
 * ignored: each is served as it goes, and the next request runs the controller again.
 */
class ResponseEndingScenariosTest extends FilterScenarios {

  private static final int KB = 1024;

  @Test
  void startAsyncWithoutArguments_servesTheBody_butStoresNothing() throws Exception {
    origin.on("/bare-async", (request, response, call) -> {
      AsyncContext async = request.startAsync(); // the container's own request and response
      async.start(() -> {
        try {
          ScriptedOrigin.write((HttpServletResponse) async.getResponse(),
              "async body " + call);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
    });
    start(Route.controller("/bare-async", rules("bare-async").build()));

    Reply first = client.get("/bare-async");
    server.awaitIdle();
    Reply second = client.get("/bare-async");

    assertThat(first.text()).isEqualTo("async body 1");
    assertThat(second.text()).isEqualTo("async body 2");
    assertThat(origin.calls("/bare-async")).isEqualTo(2);
  }

  /**
   * An async part dispatched with the container's own response and a wrapped request (so not
   * "the original request and response") still writes through the filter's response: the filter
   * hands the dispatch its tee. Written around it, the tee would see no body and store an empty
   * one.
   */
  @Test
  void asyncDispatchWithTheContainersResponse_writesThroughTheTee() throws Exception {
    origin.on("/dispatched", (request, response, call) -> {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        ScriptedOrigin.write(response, "dispatched body " + call);
        return;
      }
      ServletResponse container = response;
      while (container instanceof ServletResponseWrapper wrapper) {
        container = wrapper.getResponse();
      }
      request.startAsync(new HttpServletRequestWrapper(request), container).dispatch();
    });
    start(Route.controller("/dispatched", rules("dispatched").build()));

    Reply miss = client.get("/dispatched");
    server.awaitIdle();
    Reply hit = client.get("/dispatched");

    assertStoredMiss(miss);
    assertThat(miss.text()).isEqualTo("dispatched body 2"); // the second call: the async part
    assertHit(hit);
    assertThat(hit.text()).isEqualTo(miss.text());
    assertThat(origin.calls("/dispatched")).isEqualTo(2);
  }

  @Test
  void bodyShorterThanItsContentLength_isNotStored() throws Exception {
    origin.on("/short", (request, response, call) -> {
      response.setContentType("application/octet-stream");
      response.setContentLength(100);
      response.getOutputStream().write(new byte[call == 1 ? 60 : 100]);
    });
    start(Route.controller("/short", rules("short").build()));

    // Headers and 60 bytes arrive; the client would wait for the other 40 until the
    // connection times out, so it reads nothing and hangs up.
    client.open("/short").body().close();
    server.awaitIdle();
    Reply next = client.get("/short");

    assertForwarded(next);
    assertThat(next.body()).hasSize(100);
    assertThat(origin.calls("/short")).isEqualTo(2);
  }

  @Test
  void clientGoneDuringAFlushTheControllerSwallowed_storesNothing() throws Exception {
    CountDownLatch hungUp = new CountDownLatch(1);
    AtomicBoolean flushFailed = new AtomicBoolean();
    origin.on("/feed", (request, response, call) -> {
      response.setContentType("text/plain");
      OutputStream out = response.getOutputStream();
      out.write(line(0));
      response.flushBuffer();
      if (call == 1) {
        assertThat(hungUp.await(10, TimeUnit.SECONDS)).isTrue();
      }
      for (int i = 1; i < 1000; i++) {
        out.write(line(i)); // below the container's buffer: only the flush reaches the socket
        try {
          response.flushBuffer();
        } catch (IOException clientGone) {
          flushFailed.set(true);
          return; // swallowed: the controller ends as if all went well
        }
      }
    });
    start(Route.controller("/feed", rules("feed").build()));

    HttpResponse<InputStream> cut = client.open("/feed");
    try (InputStream body = cut.body()) {
      assertThat(body.readNBytes(KB)).isEqualTo(line(0));
    }
    hungUp.countDown();
    await("the controller's flush to fail").until(flushFailed::get);
    server.awaitIdle();
    Reply next = client.get("/feed");

    assertForwarded(next);
    assertThat(next.body()).hasSize(1000 * KB);
    assertThat(origin.calls("/feed")).isEqualTo(2);
  }

  @Test
  void asyncWriterResponse_isStoredWhole() throws Exception {
    String text = "0123456789abcdef".repeat(20 * KB / 16);
    origin.on("/async-text", (request, response, call) -> {
      AsyncContext async = request.startAsync(request, response); // the filter's response
      async.start(() -> {
        try {
          async.getResponse().setContentType("text/plain;charset=UTF-8");
          PrintWriter writer = async.getResponse().getWriter();
          writer.print(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
    });
    start(Route.controller("/async-text", rules("async-text").build()));

    Reply miss = client.get("/async-text");
    Reply hit = client.get("/async-text");

    assertStoredMiss(miss);
    assertThat(miss.text()).isEqualTo(text);
    assertHit(hit);
    assertThat(hit.body()).hasSize(20 * KB);
    assertThat(hit.text()).isEqualTo(text);
    assertThat(origin.calls("/async-text")).isEqualTo(1);
  }

  /**
   * A response the controller ends without writing a byte (a 204, a redirect set by hand, an
   * empty 200) decides when it ends, and is stored like any other storable status.
   */
  @ParameterizedTest(name = "status {0}")
  @ValueSource(ints = {204, 301, 200})
  void responseWithoutABody_isStoredAndServedAsAHit(int status) throws Exception {
    origin.on("/bodiless", (request, response, call) -> {
      response.setStatus(status);
      response.setHeader("X-Call", Integer.toString(call));
      if (status == 301) {
        response.setHeader("Location", "/elsewhere");
      } else if (status == 200) {
        response.setContentLength(0);
      }
    });
    start(Route.controller("/bodiless", rules("bodiless").build()));

    Reply miss = client.get("/bodiless");
    Reply hit = client.get("/bodiless");

    assertStoredMiss(miss);
    assertHit(hit);
    assertThat(hit.status()).isEqualTo(status);
    assertThat(hit.header("X-Call")).isEqualTo("1");
    assertThat(origin.calls("/bodiless")).isEqualTo(1);
  }

  /** Line {@code i} of the feed: 1 KiB of one character, so a cut shows. */
  private static byte[] line(int i) {
    return String.valueOf((char) ('a' + i % 26)).repeat(KB).getBytes(StandardCharsets.US_ASCII);
  }
}
