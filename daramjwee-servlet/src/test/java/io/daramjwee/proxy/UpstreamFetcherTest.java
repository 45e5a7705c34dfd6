package io.daramjwee.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.FetchResult;
import io.daramjwee.Metadata;
import io.daramjwee.http.EtagDigest;
import io.daramjwee.http.ResponseEntries;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.StoredResponse;
import io.daramjwee.store.memory.MemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cache fetches through {@link Upstream#fetcher}: what becomes of each kind of answer. */
class UpstreamFetcherTest extends WireMockUpstreamTest {

  @Test
  void fetch_ok_bodyWithStoredHeadAndLifetimeFromCacheControl() throws IOException {
    origin.stubFor(get("/page").willReturn(ok("hello")
        .withHeader("Content-Type", "text/plain")
        .withHeader("Cache-Control", "max-age=120")));

    FetchResult result = fetch("/page");

    assertThat(result.kind()).isEqualTo(FetchResult.Kind.BODY);
    assertThat(text(result.body())).isEqualTo("hello");
    Metadata metadata = result.metadata();
    ResponseHead stored = StoredResponse.decode(metadata);
    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.headers().first("Content-Type")).isEqualTo("text/plain");
    assertThat(stored.headers().contains("Content-Length")).isFalse();
    assertThat(metadata.negative()).isFalse();
    assertThat(metadata.freshFor()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void fetch_okWithoutCacheControl_lifetimeFromRouteRules() throws IOException {
    origin.stubFor(get("/page").willReturn(ok("hello")));

    FetchResult result = upstream.fetcher(rules().toBuilder().freshFor(Duration.ofMinutes(7))
        .staleFor(Duration.ofMinutes(1)).build(), clientGet("/page")).fetch(null);

    result.body().close();
    assertThat(result.metadata().freshFor()).isEqualTo(Duration.ofMinutes(7));
    assertThat(result.metadata().staleFor()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void fetch_okWithoutEtag_storedWithLengthAndComputedEtag() throws IOException {
    origin.stubFor(get("/page").willReturn(ok("hello")));

    Metadata stored = fetchIntoCache("/page");

    assertThat(ResponseEntries.length(stored)).isEqualTo(5);
    assertThat(stored.cacheTag()).isEqualTo(etagOf("hello"));
    assertThat(StoredResponse.etag(stored)).isEqualTo(etagOf("hello"));
  }

  @Test
  void fetch_okWithEtag_storedWithLengthAndTheUpstreamEtag() throws IOException {
    origin.stubFor(get("/page").willReturn(ok("hello").withHeader("ETag", "\"v1\"")));

    Metadata stored = fetchIntoCache("/page");

    assertThat(ResponseEntries.length(stored)).isEqualTo(5);
    assertThat(stored.cacheTag()).isEqualTo("\"v1\"");
    assertThat(StoredResponse.etag(stored)).isEqualTo("\"v1\"");
  }

  @Test
  void fetch_bodyLargerThanMaxObjectSize_servedWholeButNotStored() throws IOException {
    origin.stubFor(get("/big").willReturn(aResponse().withStatus(200)
        .withBody(new byte[4096]).withChunkedDribbleDelay(4, 1)));
    RouteRules small = rules().toBuilder().maxObjectSize(1000).build();
    MemoryStore store = MemoryStore.builder().capacity(1 << 20).build();

    try (DaramjweeCache cache = DaramjweeCache.builder().tiers(store).build();
        CacheResponse response = cache.get("big", upstream.fetcher(small, clientGet("/big")))) {
      assertThat(response.body().readAllBytes()).hasSize(4096);
    }
    assertThat(store.stat("big")).isNull();
  }

  @Test
  void fetch_notFound_negativeBodyKept() throws IOException {
    origin.stubFor(get("/gone").willReturn(aResponse().withStatus(404).withBody("no such page")));

    FetchResult result = fetch("/gone");

    assertThat(result.kind()).isEqualTo(FetchResult.Kind.BODY);
    assertThat(result.metadata().negative()).isTrue();
    assertThat(result.metadata().freshFor()).isEqualTo(rules().negativeFreshFor());
    assertThat(StoredResponse.decode(result.metadata()).status()).isEqualTo(404);
    assertThat(text(result.body())).isEqualTo("no such page");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "Set-Cookie    | id=42",
      "Cache-Control | private, max-age=60",
      "Cache-Control | no-store"})
  void fetch_responseForOneUser_noStoreWithItsHead(String name, String value)
      throws IOException {
    origin.stubFor(get("/me").willReturn(ok("mine").withHeader(name, value)));

    FetchResult result = fetch("/me");

    assertThat(result.kind()).isEqualTo(FetchResult.Kind.NO_STORE);
    assertThat(StoredResponse.decode(result.metadata()).headers().first(name)).isEqualTo(value);
    assertThat(text(result.body())).isEqualTo("mine");
  }

  @Test
  void fetch_redirect_notFollowedAndNotStored() throws IOException {
    origin.stubFor(get("/old").willReturn(aResponse().withStatus(302)
        .withHeader("Location", "/new")));
    origin.stubFor(get("/new").willReturn(ok("followed")));

    FetchResult result = fetch("/old");

    assertThat(result.kind()).isEqualTo(FetchResult.Kind.NO_STORE);
    ResponseHead head = StoredResponse.decode(result.metadata());
    assertThat(head.status()).isEqualTo(302);
    assertThat(head.headers().first("Location")).isEqualTo("/new");
    assertThat(text(result.body())).isEmpty();
    origin.verify(0, getRequestedFor(urlEqualTo("/new")));
  }

  @Test
  void fetch_gzippedBody_passesThroughByteForByte() throws IOException {
    byte[] gzipped = gzip("compressed text, compressed text, compressed text");
    origin.stubFor(get("/z").willReturn(ok().withBody(gzipped)
        .withHeader("Content-Encoding", "gzip")));

    FetchResult result = fetch("/z");

    assertThat(result.body().readAllBytes()).isEqualTo(gzipped);
    assertThat(StoredResponse.decode(result.metadata()).headers().first("Content-Encoding"))
        .isEqualTo("gzip");
    assertThat(received().containsHeader("Accept-Encoding")).isFalse();
  }

  @Test
  void fetch_encodedPathAndQuery_reachUpstreamAsSent() throws IOException {
    origin.stubFor(get(urlEqualTo("/a%2Fb/c%20d?q=x%20y+z&r=%2B")).willReturn(ok("raw")));

    assertThat(text(fetch("/a%2Fb/c%20d?q=x%20y+z&r=%2B").body())).isEqualTo("raw");
    assertThat(received().getUrl()).isEqualTo("/a%2Fb/c%20d?q=x%20y+z&r=%2B");
  }

  @Test
  void fetch_originWithPath_prefixesEveryPath() throws IOException {
    origin.stubFor(get("/api/v1/items?page=2").willReturn(ok("items")));

    try (Upstream prefixed = Upstream.builder(URI.create(origin.baseUrl() + "/api/v1/"))
        .build()) {
      FetchResult result = prefixed.fetcher(rules(), clientGet("/items?page=2")).fetch(null);
      assertThat(text(result.body())).isEqualTo("items");
    }
  }

  /** RFC 9111 §4.3.1: both validators the entry holds, the strong one and the date. */
  @Test
  void fetch_revalidation_sendsValidatorsAndNotModifiedRenewsTheEntry() throws IOException {
    origin.stubFor(get("/page").willReturn(ok("hello")
        .withHeader("ETag", "\"v1\"")
        .withHeader("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT")
        .withHeader("Cache-Control", "max-age=60")
        .withHeader("X-Version", "1")));
    Metadata previous = fetch("/page").metadata();
    origin.resetAll();
    origin.stubFor(get("/page").willReturn(aResponse().withStatus(304)
        .withHeader("Cache-Control", "max-age=300")
        .withHeader("X-Version", "2")));

    FetchResult result = upstream.fetcher(rules(), clientGet("/page")).fetch(previous);

    origin.verify(getRequestedFor(urlEqualTo("/page"))
        .withHeader("If-None-Match", equalTo("\"v1\""))
        .withHeader("If-Modified-Since", equalTo("Sun, 06 Nov 1994 08:49:37 GMT")));
    assertThat(result.kind()).isEqualTo(FetchResult.Kind.NOT_MODIFIED);
    Metadata renewed = result.metadata();
    assertThat(renewed.freshFor()).isEqualTo(Duration.ofMinutes(5));
    ResponseHead head = StoredResponse.decode(renewed);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().first("X-Version")).isEqualTo("2");
    assertThat(head.headers().first("ETag")).isEqualTo("\"v1\"");
  }

  /** Without a {@code Last-Modified}, the computed tag is the only validator there is. */
  @Test
  void fetch_revalidationOfComputedEtag_sendsIt() throws IOException {
    origin.stubFor(get("/page").willReturn(ok("hello")));
    Metadata previous = fetchIntoCache("/page");
    origin.resetAll();
    origin.stubFor(get("/page").willReturn(aResponse().withStatus(304)));

    FetchResult result = upstream.fetcher(rules(), clientGet("/page")).fetch(previous);

    assertThat(result.kind()).isEqualTo(FetchResult.Kind.NOT_MODIFIED);
    assertThat(received().getHeader("If-None-Match")).isEqualTo(etagOf("hello"));
    assertThat(received().containsHeader("If-Modified-Since")).isFalse();
  }

  /**
   * RFC 9110 §13.2.2: a server that gets both evaluates {@code If-None-Match} and ignores
   * {@code If-Modified-Since}, so the tag the cache computed, which the upstream never issued,
   * would make it answer in full; it is left out when a {@code Last-Modified} can revalidate.
   */
  @Test
  void fetch_revalidationOfLastModifiedWithComputedEtag_sendsOnlyIfModifiedSince()
      throws IOException {
    origin.stubFor(get("/page").willReturn(ok("hello")
        .withHeader("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT")));
    Metadata previous = fetchIntoCache("/page");
    assertThat(previous.cacheTag()).as("computed tag").isEqualTo(etagOf("hello"));
    origin.resetAll();
    // As a server following RFC 9110 §13.2.2 would: any If-None-Match is evaluated and fails.
    origin.stubFor(get("/page").atPriority(1)
        .withHeader("If-None-Match", WireMock.matching(".*"))
        .willReturn(ok("hello")));
    origin.stubFor(get("/page").atPriority(2)
        .withHeader("If-Modified-Since", equalTo("Sun, 06 Nov 1994 08:49:37 GMT"))
        .willReturn(aResponse().withStatus(304)));

    FetchResult result = upstream.fetcher(rules(), clientGet("/page")).fetch(previous);

    assertThat(result.kind()).isEqualTo(FetchResult.Kind.NOT_MODIFIED);
    assertThat(received().containsHeader("If-None-Match")).isFalse();
  }

  @Test
  void fetch_notModifiedWithoutPrevious_ioException() {
    origin.stubFor(get("/page").willReturn(aResponse().withStatus(304)));

    assertThatThrownBy(() -> fetch("/page"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("304");
  }

  @ParameterizedTest
  @CsvSource({"500", "503", "504"})
  void fetch_serverError_upstreamException502(int status) {
    origin.stubFor(get(urlPathEqualTo("/x")).willReturn(aResponse().withStatus(status)
        .withBody("down")));

    assertThatThrownBy(() -> fetch("/x?token=secret"))
        .isInstanceOfSatisfying(UpstreamException.class,
            e -> assertThat(e.gatewayStatus()).isEqualTo(502))
        .hasMessage("upstream " + origin.baseUrl() + " answered " + status + " for GET /x");
  }

  private FetchResult fetch(String pathAndQuery) throws IOException {
    return upstream.fetcher(rules(), clientGet(pathAndQuery)).fetch(null);
  }

  /** Fetches through a real cache and returns the metadata it stored. */
  private Metadata fetchIntoCache(String path) throws IOException {
    // A memory store keeps the metadata a completion amends at publish.
    MemoryStore store = MemoryStore.builder().capacity(16L << 20).build();
    try (DaramjweeCache cache = DaramjweeCache.builder().tiers(store).build();
        CacheResponse response = cache.get("key", upstream.fetcher(rules(), clientGet(path)))) {
      response.body().readAllBytes();
    }
    Metadata stored = store.stat("key");
    assertThat(stored).as("stored entry").isNotNull();
    return stored;
  }

  private static String etagOf(String body) {
    EtagDigest digest = new EtagDigest();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    digest.update(bytes, 0, bytes.length);
    return digest.etag();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
