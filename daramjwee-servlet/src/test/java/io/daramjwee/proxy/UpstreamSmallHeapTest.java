package io.daramjwee.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.FetchResult;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RouteRules;
import io.daramjwee.testing.LargeBodies;
import io.daramjwee.testing.StreamingOrigin;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs in a 64 MiB heap (the {@code small-heap} surefire execution) and moves 256 MiB bodies
 * through the proxy both ways: a cache fetch that is counted and digested for storage, and a
 * pass-through upload. Buffering a whole body anywhere would throw OutOfMemoryError.
 */
class UpstreamSmallHeapTest {

  private static final long SIZE = 256L << 20;

  private StreamingOrigin origin;
  private Upstream upstream;

  @BeforeEach
  void start() throws IOException {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test needs a small heap")
        .isLessThan(SIZE / 2);
    origin = StreamingOrigin.start().pattern("/big", 7, SIZE);
    upstream = Upstream.builder(origin.uri()).build();
  }

  @AfterEach
  void stop() throws IOException {
    upstream.close();
    origin.close();
  }

  @Test
  void fetch_quarterGigabyteToStore_streamsThroughCountedAndDigested() throws IOException {
    RouteRules storeIt = RouteRules.builder("big").maxObjectSize(1L << 30).build();

    FetchResult result = upstream.fetcher(storeIt, request("GET", "/big")).fetch(null);

    assertThat(result.kind()).isEqualTo(FetchResult.Kind.BODY);
    try (InputStream body = result.body()) {
      assertThat(LargeBodies.crc(body, SIZE)).isEqualTo(LargeBodies.patternCrc(7, SIZE));
    }
  }

  @Test
  void exchange_quarterGigabyteUploadOfUnknownLength_streamsUp() throws IOException {
    try (UpstreamResponse response = upstream.exchange(request("POST", "/big"),
        LargeBodies.pattern(3, SIZE), -1)) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(LargeBodies.crc(response.body(), SIZE))
          .isEqualTo(LargeBodies.patternCrc(7, SIZE));
    }
    assertThat(origin.requestBytes()).isEqualTo(SIZE);
    assertThat(origin.lastRequestCrc()).isEqualTo(LargeBodies.patternCrc(3, SIZE));
  }

  private static UpstreamRequest request(String method, String path) {
    return new UpstreamRequest(method, path, Headers.empty(), "203.0.113.7", "http", "localhost");
  }
}
