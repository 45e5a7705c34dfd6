package io.daramjwee.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a hit is served beyond a plain GET: HEAD from the GET entry, a single byte range, and the
 * conditional requests answered from the stored validators, all without running the controller
 * again.
 */
class HitServingScenariosTest extends FilterScenarios {

  private static final String LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT";
  private static final byte[] BODY = body(100);

  @BeforeEach
  void fill() throws Exception {
    origin.on("/doc", (request, response, call) -> {
      response.setContentType("application/octet-stream");
      response.setHeader("Last-Modified", LAST_MODIFIED);
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    });
    start(Route.controller("/doc", rules("doc").build()));
    assertStoredMiss(client.get("/doc"));
  }

  @Test
  void headAfterFill_isAnsweredFromTheCacheWithoutBody() {
    Reply head = client.head("/doc");

    assertThat(head.status()).isEqualTo(200);
    assertHit(head);
    assertThat(head.header("Content-Length")).isEqualTo("100");
    assertThat(head.body()).isEmpty();
    assertThat(origin.calls("/doc")).isEqualTo(1);
  }

  @Test
  void rangeOnHit_answers206WithTheSlice() {
    Reply partial = client.get("/doc", "Range", "bytes=10-19");

    assertThat(partial.status()).isEqualTo(206);
    assertHit(partial);
    assertThat(partial.header("Content-Range")).isEqualTo("bytes 10-19/100");
    assertThat(partial.header("Content-Length")).isEqualTo("10");
    assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(BODY, 10, 20));
    assertThat(origin.calls("/doc")).isEqualTo(1);
  }

  @Test
  void unsatisfiableRangeOnHit_answers416() {
    Reply refused = client.get("/doc", "Range", "bytes=999999-");

    assertThat(refused.status()).isEqualTo(416);
    assertThat(refused.header("Content-Range")).isEqualTo("bytes */100");
    assertThat(origin.calls("/doc")).isEqualTo(1);
  }

  @Test
  void ifNoneMatchWithTheHitsEtag_answers304WithoutBody() {
    String etag = client.get("/doc").header("ETag");
    assertThat(etag).as("computed weak ETag").hasSize(26).startsWith("W/\"");

    Reply notModified = client.get("/doc", "If-None-Match", etag);

    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.header("ETag")).isEqualTo(etag);
    assertThat(origin.calls("/doc")).isEqualTo(1);
  }

  @Test
  void ifModifiedSinceNewerThanLastModified_answers304_olderAnswers200() {
    Reply notModified = client.get("/doc", "If-Modified-Since", "Thu, 02 Jan 2025 00:00:00 GMT");
    Reply modified = client.get("/doc", "If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT");

    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(modified.status()).isEqualTo(200);
    assertHit(modified);
    assertThat(modified.body()).isEqualTo(BODY);
    assertThat(origin.calls("/doc")).isEqualTo(1);
  }

  /** Bytes whose values tell their positions apart (within 64), so a wrong slice shows. */
  private static byte[] body(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ('0' + i % 64);
    }
    return b;
  }
}
