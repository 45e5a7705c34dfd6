package io.daramjwee.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pass-through requests through {@link Upstream#exchange}: any method, any status, uncached. */
class UpstreamExchangeTest extends WireMockUpstreamTest {

  @Test
  void exchange_postOfUnknownLength_streamsChunkedAndReturnsTheCreatedResponse()
      throws IOException {
    origin.stubFor(post("/orders").willReturn(aResponse().withStatus(201)
        .withHeader("Location", "/orders/7").withBody("created")));

    try (UpstreamResponse response = upstream.exchange(
        clientRequest("POST", "/orders", "Content-Type", "application/json"),
        bytes("{\"item\":1}"), -1)) {
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.headers().first("Location")).isEqualTo("/orders/7");
      assertThat(text(response.body())).isEqualTo("created");
    }
    LoggedRequest sent = received();
    assertThat(sent.getBodyAsString()).isEqualTo("{\"item\":1}");
    assertThat(sent.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(sent.containsHeader("Content-Length")).isFalse();
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void exchange_putOfKnownLength_sendsContentLengthNotTheClients() throws IOException {
    origin.stubFor(put("/doc").willReturn(aResponse().withStatus(204)));

    try (UpstreamResponse response = upstream.exchange(
        clientRequest("PUT", "/doc", "Content-Length", "999", "Expect", "100-continue"),
        bytes("12345"), 5)) {
      assertThat(response.status()).isEqualTo(204);
      assertThat(response.body().read()).isEqualTo(-1);
    }
    assertThat(received().getHeader("Content-Length")).isEqualTo("5");
    assertThat(received().containsHeader("Expect")).isFalse();
    assertThat(received().getBodyAsString()).isEqualTo("12345");
  }

  @Test
  void exchange_serverError_passesThroughWithItsBody() throws IOException {
    origin.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)
        .withHeader("Retry-After", "30").withBody("maintenance")));

    try (UpstreamResponse response = upstream.exchange(clientRequest("DELETE", "/x"), null, -1)) {
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.headers().first("Retry-After")).isEqualTo("30");
      assertThat(text(response.body())).isEqualTo("maintenance");
    }
  }

  @Test
  void exchange_redirect_passesThroughUnfollowed() throws IOException {
    origin.stubFor(get("/old").willReturn(aResponse().withStatus(301)
        .withHeader("Location", "/new")));

    try (UpstreamResponse response = upstream.exchange(clientGet("/old"), null, -1)) {
      assertThat(response.status()).isEqualTo(301);
      assertThat(response.headers().first("Location")).isEqualTo("/new");
    }
    origin.verify(0, getRequestedFor(urlEqualTo("/new")));
  }

  @Test
  void exchange_head_noBody() throws IOException {
    origin.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", "1234")));

    try (UpstreamResponse response = upstream.exchange(clientRequest("HEAD", "/x"), null, -1)) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().first("Content-Length")).isEqualTo("1234");
      assertThat(response.body().read()).isEqualTo(-1);
    }
  }

  @Test
  void exchange_clientBodyFails_clientsExceptionNotAnUpstreamOne() {
    origin.stubFor(post("/upload").willReturn(aResponse().withStatus(200)));
    IOException clientGone = new IOException("client went away");
    InputStream failing = new InputStream() {
      private int sent;

      @Override
      public int read() throws IOException {
        if (sent++ < 100) {
          return 'a';
        }
        throw clientGone;
      }
    };

    assertThatThrownBy(() -> upstream.exchange(clientRequest("POST", "/upload"), failing, -1))
        .isSameAs(clientGone);
  }

  @Test
  void exchange_negativeLengthOtherThanUnknown_rejected() {
    assertThatThrownBy(() -> upstream.exchange(clientRequest("POST", "/x"), bytes("a"), -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contentLength must be -1 or more: -2");
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
