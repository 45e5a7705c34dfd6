package io.daramjwee.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.daramjwee.FetchResult;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RouteRules;
import io.daramjwee.testing.LargeBodies;
import io.daramjwee.testing.StreamingOrigin;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How bodies hold and give back pooled connections, against a streaming origin: reading to the
 * end returns the connection, closing early discards it without reading the rest (an endless
 * body would otherwise never let go). Every upstream here has a single connection, so a leaked
 * one shows up as the next request failing to get one.
 */
class UpstreamConnectionsTest {

  private static final Duration PROMPTLY = Duration.ofSeconds(10);
  private static final long SMALL = 10_000;

  private StreamingOrigin origin;
  private Upstream upstream;

  @BeforeEach
  void start() throws IOException {
    origin = StreamingOrigin.start()
        .pattern("/small", 1, SMALL)
        .endless("/endless", 200)
        .endless("/failing", 503);
    // A short wait for the one connection, so a leak fails fast instead of waiting 30 s.
    upstream = Upstream.builder(origin.uri()).maxConnections(1)
        .responseTimeout(Duration.ofSeconds(2)).build();
  }

  @AfterEach
  void stop() throws IOException {
    // The origin first: stopping it breaks any connection still being read, so a regression
    // that drains an endless body fails its test instead of hanging the build.
    origin.close();
    upstream.close();
  }

  @Test
  void fetch_closedBeforeEndOfEndlessBody_returnsPromptlyAndConnectionIsDropped()
      throws IOException {
    FetchResult result = fetch("/endless");
    InputStream body = result.body();
    assertThat(body.readNBytes(1 << 20)).hasSize(1 << 20);

    closePromptly(body);

    await().atMost(PROMPTLY).until(() -> origin.abandoned() == 1);
    assertSmallFetchWorks();
  }

  @Test
  void exchange_closedBeforeEndOfEndlessBody_returnsPromptlyAndPoolStillServes()
      throws IOException {
    UpstreamResponse response = upstream.exchange(request("/endless"), null, -1);
    assertThat(response.body().readNBytes(1 << 20)).hasSize(1 << 20);

    closePromptly(response);

    await().atMost(PROMPTLY).until(() -> origin.abandoned() == 1);
    assertSmallFetchWorks();
  }

  @Test
  void fetch_serverErrorWithEndlessBody_failsPromptlyWithoutReadingIt() throws IOException {
    assertTimeoutPreemptively(PROMPTLY, () ->
        assertThatThrownBy(() -> fetch("/failing"))
            .isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.gatewayStatus()).isEqualTo(502)));

    await().atMost(PROMPTLY).until(() -> origin.abandoned() == 1);
    assertSmallFetchWorks();
  }

  @Test
  void fetch_twoHundredInSequenceWithOneConnection_allSucceed() throws IOException {
    long expected = LargeBodies.patternCrc(1, SMALL);
    for (int i = 0; i < 200; i++) {
      try (InputStream body = fetch("/small").body()) {
        assertThat(LargeBodies.crc(body, SMALL)).as("fetch %d", i).isEqualTo(expected);
      }
    }
    assertThat(origin.requests()).isEqualTo(200);
    assertThat(origin.abandoned()).isZero();
  }

  @Test
  void fetch_bodyReadToItsEndButNotClosed_connectionStillReturned() throws IOException {
    for (int i = 0; i < 3; i++) {
      InputStream body = fetch("/small").body();
      assertThat(LargeBodies.crc(body, SMALL)).isEqualTo(LargeBodies.patternCrc(1, SMALL));
      // not closed: EOF alone gives the connection back
    }
    assertThat(origin.requests()).isEqualTo(3);
  }

  @Test
  void exchange_heldOpen_nextRequestTimesOutWaitingForTheConnection() throws IOException {
    UpstreamResponse held = upstream.exchange(request("/endless"), null, -1);
    assertThat(held.status()).isEqualTo(200);

    assertThatThrownBy(() -> fetch("/small"))
        .isInstanceOfSatisfying(UpstreamException.class,
            e -> assertThat(e.gatewayStatus()).isEqualTo(504))
        .hasMessageContaining("no pooled connection");
    closePromptly(held);
  }

  /** Closes {@code body} of an endless response, failing if that reads the rest. */
  private static void closePromptly(Closeable body) {
    assertTimeoutPreemptively(PROMPTLY, body::close, "close read the rest of an endless body");
  }

  private void assertSmallFetchWorks() throws IOException {
    try (InputStream body = fetch("/small").body()) {
      assertThat(LargeBodies.crc(body, SMALL)).isEqualTo(LargeBodies.patternCrc(1, SMALL));
    }
  }

  private FetchResult fetch(String path) throws IOException {
    return upstream.fetcher(RouteRules.builder("big").build(), request(path)).fetch(null);
  }

  private static UpstreamRequest request(String path) {
    return new UpstreamRequest("GET", path, Headers.empty(), "203.0.113.7", "http", "localhost");
  }
}
