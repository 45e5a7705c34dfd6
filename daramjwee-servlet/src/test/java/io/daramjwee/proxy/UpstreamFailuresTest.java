package io.daramjwee.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * An upstream that cannot be reached or is too slow becomes an {@link UpstreamException} with the
 * status a gateway answers, and a message that names the upstream but no header value.
 */
class UpstreamFailuresTest extends WireMockUpstreamTest {

  private static final String[] SECRETS = {"Authorization", "Bearer s3cr3t", "Cookie", "id=s3cr3t"};

  @Test
  void fetch_connectionRefused_badGateway() throws IOException {
    URI closed = closedPort();
    try (Upstream down = Upstream.builder(closed).build()) {
      assertGateway(() -> down.fetcher(rules(), clientGet("/x?key=s3cr3t", SECRETS)).fetch(null),
          502, "upstream " + closed + " refused the connection for GET /x");
    }
  }

  @Test
  void exchange_connectionRefused_badGateway() throws IOException {
    URI closed = closedPort();
    try (Upstream down = Upstream.builder(closed).build()) {
      assertGateway(() -> down.exchange(clientRequest("POST", "/x", SECRETS), null, -1),
          502, "upstream " + closed + " refused the connection for POST /x");
    }
  }

  @Test
  void fetch_unknownHost_badGateway() throws IOException {
    try (Upstream nowhere = Upstream.builder(URI.create("http://no-such-host.invalid")).build()) {
      assertGateway(() -> nowhere.fetcher(rules(), clientGet("/x")).fetch(null),
          502, "upstream http://no-such-host.invalid has an unknown host (GET /x)");
    }
  }

  @Test
  void fetch_headSlowerThanResponseTimeout_gatewayTimeout() throws IOException {
    origin.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

    try (Upstream impatient = upstream(b -> b.responseTimeout(Duration.ofMillis(200)))) {
      assertTimeoutPreemptively(Duration.ofMillis(2500), () -> assertGateway(
          () -> impatient.fetcher(rules(), clientGet("/slow", SECRETS)).fetch(null),
          504, "upstream " + origin.baseUrl() + " did not answer GET /slow within PT0.2S"));
    }
  }

  @Test
  void exchange_headSlowerThanResponseTimeout_gatewayTimeout() throws IOException {
    origin.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

    try (Upstream impatient = upstream(b -> b.responseTimeout(Duration.ofMillis(200)))) {
      assertGateway(() -> impatient.exchange(clientRequest("PUT", "/slow"), null, -1),
          504, "upstream " + origin.baseUrl() + " did not answer PUT /slow within PT0.2S");
    }
  }

  @Test
  void fetch_bodyStallsLongerThanResponseTimeout_readFailsWithGatewayTimeout()
      throws Exception {
    String halfABody = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nthe first bytes";
    try (RawOrigin stalling = RawOrigin.holdingOpen(halfABody);
        Upstream impatient = Upstream.builder(stalling.uri())
            .responseTimeout(Duration.ofMillis(300)).build()) {
      try (InputStream body = impatient.fetcher(rules(), clientGet("/stall")).fetch(null)
          .body()) {
        assertGateway(body::readAllBytes, 504, "upstream " + stalling.uri()
            + " sent nothing for PT0.3S in the body of GET /stall");
      }
    }
  }

  @Test
  void fetch_bodyCutShort_readFailsWithBadGateway() throws Exception {
    String cut = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this";
    try (RawOrigin cutting = RawOrigin.closingAfter(cut);
        Upstream up = Upstream.builder(cutting.uri()).build()) {
      try (InputStream body = up.fetcher(rules(), clientGet("/cut")).fetch(null).body()) {
        assertGateway(body::readAllBytes, 502, "upstream " + cutting.uri()
            + " broke off the body of GET /cut: ConnectionClosedException");
      }
    }
  }

  private static void assertGateway(ThrowingCallable call, int status, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(UpstreamException.class, e -> {
          assertThat(e.gatewayStatus()).isEqualTo(status);
          assertThat(e.getMessage()).isEqualTo(message).doesNotContain("s3cr3t");
          assertThat(e.getCause()).isNotNull();
        });
  }

  /** An address where nothing listens: a port just freed. */
  private static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
