package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring MVC's async return types behind the filter on a real Tomcat: the body is written after
 * the request thread left the filter chain, so the filter may publish only on the async cycle's
 * completion, and never when it timed out.
 */
class AsyncControllerScenariosTest extends FilterScenarios {

  @BeforeEach
  void startMvc() throws Exception {
    AsyncControllers.reset();
    AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
    context.register(AsyncControllers.Config.class);
    start(filter(memoryCache()).route(Route.controller("/mvc/**", rules("mvc").build())).build(),
        new DispatcherServlet(context));
  }

  @Test
  void streamingResponseBody_isPublishedAfterCompletion() {
    Reply miss = client.get("/mvc/stream");
    Reply hit = client.get("/mvc/stream");

    assertStoredMiss(miss);
    assertThat(miss.text()).startsWith(AsyncControllers.streamLine(0))
        .endsWith(AsyncControllers.streamLine(AsyncControllers.STREAM_CHUNKS - 1));
    assertHit(hit);
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(AsyncControllers.calls("/mvc/stream")).isEqualTo(1);
  }

  @Test
  void deferredResult_isPublishedAfterCompletion() {
    Reply miss = client.get("/mvc/deferred");
    Reply hit = client.get("/mvc/deferred");

    assertStoredMiss(miss);
    assertHit(hit);
    assertThat(hit.text()).isEqualTo(miss.text()).isEqualTo("deferred body 1");
    assertThat(AsyncControllers.calls("/mvc/deferred")).isEqualTo(1);
  }

  @Test
  void callable_isPublishedAfterCompletion() {
    Reply miss = client.get("/mvc/callable");
    Reply hit = client.get("/mvc/callable");

    assertStoredMiss(miss);
    assertHit(hit);
    assertThat(hit.text()).isEqualTo(miss.text()).isEqualTo("callable body 1");
    assertThat(AsyncControllers.calls("/mvc/callable")).isEqualTo(1);
  }

  @Test
  void deferredResultNeverSet_timesOutAndStoresNothing() {
    Reply timedOut = client.get("/mvc/never");
    server.awaitIdle();
    Reply again = client.get("/mvc/never");

    assertThat(timedOut.status()).isEqualTo(503); // Spring's answer to an async timeout
    assertForwarded(again);
    assertThat(AsyncControllers.calls("/mvc/never")).isEqualTo(2);
  }

  @Test
  void streamStalledPastAsyncTimeout_afterCommittingA200_storesNothing() {
    try {
      Reply cut = client.get("/mvc/stalled");
      // Tomcat may end the chunked body cleanly after the timeout: the client then holds a 200
      // that looks complete, which is exactly what must not be stored.
      assertThat(cut.status()).isEqualTo(200);
      assertThat(cut.text()).isEqualTo(AsyncControllers.STALLED_FIRST_PART);
    } catch (UncheckedIOException alsoFine) {
      // or it cuts the connection; either way the cache is the subject.
    }
    AsyncControllers.stalledGate.countDown();
    server.awaitIdle();

    Reply next = client.get("/mvc/stalled");

    assertForwarded(next);
    assertThat(next.text()).isEqualTo(AsyncControllers.STALLED_FIRST_PART + "and the rest");
    assertThat(AsyncControllers.calls("/mvc/stalled")).isEqualTo(2);
  }

  @Test
  void streamStalledPastAsyncTimeout_beforeCommitting_answers503_notStoredAndSaysSo() {
    Reply timedOut = client.get("/mvc/stalled-uncommitted");
    AsyncControllers.stalledGate.countDown();
    server.awaitIdle();

    // The body had begun (the storage decision was taken), but nothing was committed: the
    // timeout's 503 replaces it, and its Cache-Status no longer says "stored".
    assertThat(timedOut.status()).isEqualTo(503);
    assertThat(timedOut.text()).doesNotContain("draft");
    assertUnstoredMiss(timedOut);
    assertThat(Member.of(timedOut).param("fwd-status")).isEqualTo("503");

    Reply next = client.get("/mvc/stalled-uncommitted");

    assertStoredMiss(next);
    assertThat(next.text()).isEqualTo("draft and the rest");
    assertThat(AsyncControllers.calls("/mvc/stalled-uncommitted")).isEqualTo(2);
  }
}
