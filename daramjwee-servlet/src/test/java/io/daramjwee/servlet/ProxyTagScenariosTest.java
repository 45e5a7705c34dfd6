package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.Metadata;
import io.daramjwee.http.EntryTags;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.KeyJournal;
import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tags on proxy routes against a WireMock upstream: the route's templates filled from the path and
 * the upstream's {@code Surrogate-Key} are stored with the entry, on a miss and on a background
 * refresh; a 304 that renews the entry keeps its tags unless it names tags itself; the header
 * never reaches a client unless the filter exposes it, passed-through responses included.
 */
class ProxyTagScenariosTest extends FilterScenarios {

  private static final String TAGS = "Surrogate-Key";
  private static final String PATH = "/news/7";
  private static final String UPSTREAM_PATH = "/origin/news/7";

  private final KeyJournal store = new KeyJournal(MemoryStore.builder().capacity(64L << 20)
      .build());
  private DaramjweeCache cache;

  /** A proxy route over {@code /news/{id}}, fresh for 10 s and stale for a minute after. */
  private void startNews(boolean exposeTagHeader) throws Exception {
    cache = cache(store);
    Route route = Route.proxy("/news/{id}", rules("news").tags("news:{id}")
        .freshFor(Duration.ofSeconds(10)).staleFor(Duration.ofSeconds(60)).build(), upstream());
    start(filter(cache).route(route).exposeTagHeader(exposeTagHeader).build(), origin);
  }

  private static ResponseDefinitionBuilder page(String body, String etag, String tags) {
    return aResponse().withStatus(200).withBody(body).withHeader("ETag", etag)
        .withHeader(TAGS, tags);
  }

  /** The entry stored for {@link #PATH}, once the requests before are done with it. */
  private Metadata stored() throws IOException {
    server.awaitIdle();
    List<String> keys = store.keysWith("p" + PATH.length() + ":" + PATH);
    assertThat(keys).as("writes of %s", PATH).hasSize(1);
    return store.stat(keys.get(0));
  }

  /** Makes the entry stale, and waits until the refresh the next request starts renewed it. */
  private Reply staleHitAndRefresh() throws IOException {
    Instant before = stored().cachedAt();
    clock.advance(Duration.ofSeconds(15));
    Reply stale = client.get(PATH);
    await("the refresh to rewrite the entry").until(() -> stored().cachedAt().isAfter(before));
    return stale;
  }

  @Test
  void miss_storesTemplateAndUpstreamTags_andNoClientSeesTheHeader() throws Exception {
    wiremock().stubFor(get(UPSTREAM_PATH).willReturn(page("v1", "\"v1\"", "front-page sport")));
    wiremock().stubFor(post(UPSTREAM_PATH).willReturn(aResponse().withStatus(200)
        .withHeader(TAGS, "posted")));
    startNews(false);

    Reply miss = client.get(PATH);
    Reply hit = client.get(PATH);
    Metadata entry = stored();
    Reply passed = client.post(PATH, "x", "Content-Type", "text/plain"); // and invalidates

    assertStoredMiss(miss);
    assertHit(hit);
    assertThat(passed.status()).isEqualTo(200);
    for (Reply reply : List.of(miss, hit, passed)) {
      assertThat(reply.header(TAGS)).as("%s", reply).isNull();
    }
    assertThat(EntryTags.of(entry)).containsExactly("news:7", "front-page", "sport");
    assertThat(EntryTags.fieldValues(entry, TAGS)).isEmpty();
  }

  @Test
  void exposedTagHeader_reachesTheClient_andIsStored() throws Exception {
    wiremock().stubFor(get(UPSTREAM_PATH).willReturn(page("v1", "\"v1\"", "front-page")));
    startNews(true);

    Reply miss = client.get(PATH);
    Reply hit = client.get(PATH);

    assertStoredMiss(miss);
    assertHit(hit);
    assertThat(miss.header(TAGS)).isEqualTo("front-page");
    assertThat(hit.header(TAGS)).isEqualTo("front-page");
    assertThat(EntryTags.of(stored())).containsExactly("news:7", "front-page");
  }

  @Test
  void refreshWithANewResponse_storesItsTags() throws Exception {
    wiremock().stubFor(get(UPSTREAM_PATH).willReturn(page("v1", "\"v1\"", "edition-1")));
    startNews(false);
    assertStoredMiss(client.get(PATH));
    wiremock().stubFor(get(UPSTREAM_PATH).willReturn(page("v2", "\"v2\"", "edition-2")));

    assertHit(staleHitAndRefresh());
    Reply fresh = client.get(PATH);

    assertHit(fresh);
    assertThat(fresh.text()).isEqualTo("v2");
    assertThat(fresh.header(TAGS)).isNull();
    assertThat(EntryTags.of(stored())).containsExactly("news:7", "edition-2");
  }

  @Test
  void revalidationBy304WithoutTags_keepsTheEntrysTags() throws Exception {
    wiremock().stubFor(get(UPSTREAM_PATH).withHeader("If-None-Match", absent())
        .willReturn(page("v1", "\"v1\"", "edition-1")));
    wiremock().stubFor(get(UPSTREAM_PATH).withHeader("If-None-Match", equalTo("\"v1\""))
        .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"v1\"")));
    startNews(false);
    assertStoredMiss(client.get(PATH));

    staleHitAndRefresh();

    assertThat(cache.stats().notModified()).isEqualTo(1);
    assertThat(EntryTags.of(stored())).containsExactly("news:7", "edition-1");
  }

  @Test
  void revalidationBy304WithTags_takesItsTags() throws Exception {
    wiremock().stubFor(get(UPSTREAM_PATH).withHeader("If-None-Match", absent())
        .willReturn(page("v1", "\"v1\"", "edition-1")));
    wiremock().stubFor(get(UPSTREAM_PATH).withHeader("If-None-Match", equalTo("\"v1\""))
        .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"v1\"")
            .withHeader(TAGS, "edition-1 corrected")));
    startNews(false);
    assertStoredMiss(client.get(PATH));

    staleHitAndRefresh();
    Reply fresh = client.get(PATH);

    assertThat(cache.stats().notModified()).isEqualTo(1);
    assertThat(fresh.text()).isEqualTo("v1");
    assertThat(fresh.header(TAGS)).isNull();
    assertThat(EntryTags.of(stored())).containsExactly("news:7", "edition-1", "corrected");
    assertThat(EntryTags.fieldValues(stored(), TAGS)).isEmpty();
  }
}
