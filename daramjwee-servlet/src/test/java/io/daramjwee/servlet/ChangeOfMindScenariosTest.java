package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A controller that begins a body and then changes its mind while nothing is committed yet: an
 * error, another status, a reset. The storage decision was taken at the first byte, so the fill
 * is dropped; what the client gets is the controller's final answer, and its
 * {@code Cache-Status} does not claim {@code stored}. The next request runs the controller again.
 */
class ChangeOfMindScenariosTest extends FilterScenarios {

  @Test
  void bodyThenSendError_answersTheError_notStoredAndSaysSo() throws Exception {
    origin.on("/error", (request, response, call) -> {
      draft(response);
      if (call == 1) {
        response.sendError(503);
        return;
      }
      more(response, "final");
    });
    start(Route.controller("/error", rules("error").build()));

    Reply failed = client.get("/error");
    Reply next = client.get("/error");

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.text()).doesNotContain("draft");
    assertUnstoredMiss(failed);
    assertThat(Member.of(failed).param("fwd-status")).isEqualTo("503");
    assertStoredMiss(next);
    assertThat(next.text()).isEqualTo("draft final");
    assertThat(origin.calls("/error")).isEqualTo(2);
  }

  @Test
  void bodyThenAnotherStatus_isServed_notStoredAndSaysSo() throws Exception {
    origin.on("/status", (request, response, call) -> {
      draft(response);
      if (call == 1) {
        response.setStatus(500);
      }
      more(response, "final");
    });
    start(Route.controller("/status", rules("status").build()));

    Reply failed = client.get("/status");
    Reply next = client.get("/status");

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.text()).isEqualTo("draft final");
    assertUnstoredMiss(failed);
    assertThat(Member.of(failed).param("fwd-status")).isEqualTo("500");
    assertStoredMiss(next);
    assertThat(origin.calls("/status")).isEqualTo(2);
  }

  @Test
  void bodyThenReset_servesTheNewResponse_notStoredAndSaysSo() throws Exception {
    origin.on("/reset", (request, response, call) -> {
      draft(response);
      response.reset(); // clears the fields too, Cache-Status among them
      response.setContentType("text/plain;charset=UTF-8");
      more(response, "second thoughts " + call);
    });
    start(Route.controller("/reset", rules("reset").build()));

    Reply first = client.get("/reset");
    Reply second = client.get("/reset");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.text()).isEqualTo("second thoughts 1");
    assertUnstoredMiss(first);
    assertThat(second.text()).isEqualTo("second thoughts 2");
    assertUnstoredMiss(second);
    assertThat(origin.calls("/reset")).isEqualTo(2);
  }

  @Test
  void bodyThenResetBuffer_servesTheNewBody_notStoredAndSaysSo() throws Exception {
    origin.on("/reset-buffer", (request, response, call) -> {
      draft(response);
      response.resetBuffer();
      more(response, "rewritten " + call);
    });
    start(Route.controller("/reset-buffer", rules("reset-buffer").build()));

    Reply first = client.get("/reset-buffer");
    Reply second = client.get("/reset-buffer");

    assertThat(first.text()).isEqualTo("rewritten 1");
    assertUnstoredMiss(first);
    assertThat(Member.of(first).param("fwd-status")).isEqualTo("200");
    assertThat(second.text()).isEqualTo("rewritten 2");
    assertThat(origin.calls("/reset-buffer")).isEqualTo(2);
  }

  /** Begins a storable 200 whose body stays in the response buffer: nothing is committed. */
  private static void draft(HttpServletResponse response) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Cache-Control", "max-age=60");
    more(response, "draft ");
    assertThat(response.isCommitted()).isFalse();
  }

  private static void more(HttpServletResponse response, String text) throws IOException {
    response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
  }
}
