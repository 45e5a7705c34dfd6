package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.Metadata;
import io.daramjwee.http.EntryTags;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.KeyJournal;
import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tags on controller routes: an entry is stored with the route's templates filled from the
 * request (its own pattern, else the URI variables Spring MVC would record) and the tokens of the
 * controller's {@code Surrogate-Key}; that header never reaches a client unless the filter exposes
 * it; a background refresh tags the new entry alike. Entries are read back from the store the
 * test owns.
 */
class ControllerTagScenariosTest extends FilterScenarios {

  private static final String TAGS = "Surrogate-Key";

  private final KeyJournal store = new KeyJournal(MemoryStore.builder().capacity(64L << 20)
      .build());
  private DaramjweeCache cache;

  /** Starts {@code route} over the journaled store, the tag header exposed or not. */
  private void start(Route route, boolean exposeTagHeader) throws Exception {
    cache = cache(store);
    start(filter(cache).route(route).exposeTagHeader(exposeTagHeader).build(), origin);
  }

  private static Route articles(String... tags) {
    return Route.controller("/articles/{id}", rules("articles").tags(tags)
        .freshFor(Duration.ofSeconds(10)).staleFor(Duration.ofSeconds(60)).build());
  }

  /** The entry stored for {@code path}, once the requests before are done with it. */
  private Metadata stored(String path) throws IOException {
    server.awaitIdle(); // a fill commits after the client has its last byte
    List<String> keys = store.keysWith("p" + path.length() + ":" + path);
    assertThat(keys).as("writes of %s", path).hasSize(1);
    return store.stat(keys.get(0));
  }

  private List<String> tags(String path) throws IOException {
    return EntryTags.of(stored(path));
  }

  @Test
  void miss_storesTemplateAndHeaderTags_andNoClientSeesTheHeader() throws Exception {
    origin.on("/articles/7", (request, response, call) -> {
      response.setHeader(TAGS, "front-page article:7");
      response.addHeader(TAGS, "sport");
      write(response, "article 7");
    });
    start(articles("article:{id}", "articles"), false);

    Reply miss = client.get("/articles/7");
    Reply hit = client.get("/articles/7");
    Reply bypass = client.get("/articles/7", "Authorization", "Bearer x");
    Reply head = client.head("/articles/7");

    assertStoredMiss(miss);
    assertHit(hit);
    assertBypass(bypass);
    for (Reply reply : List.of(miss, hit, bypass, head)) {
      assertThat(reply.header(TAGS)).as("%s", reply).isNull();
    }
    assertThat(tags("/articles/7"))
        .containsExactly("article:7", "articles", "front-page", "sport");
    assertThat(EntryTags.fieldValues(stored("/articles/7"), TAGS)).isEmpty();
  }

  @Test
  void exposedTagHeader_reachesTheClient_andIsStoredLikeAnyField() throws Exception {
    origin.on("/articles/8", (request, response, call) -> {
      response.setHeader(TAGS, "front-page");
      write(response, "article 8");
    });
    start(articles("article:{id}"), true);

    Reply miss = client.get("/articles/8");
    Reply hit = client.get("/articles/8");

    assertStoredMiss(miss);
    assertHit(hit);
    assertThat(miss.header(TAGS)).isEqualTo("front-page");
    assertThat(hit.header(TAGS)).isEqualTo("front-page");
    assertThat(tags("/articles/8")).containsExactly("article:8", "front-page");
    assertThat(EntryTags.fieldValues(stored("/articles/8"), TAGS)).containsExactly("front-page");
  }

  @Test
  void refresh_tagsTheNewEntryAlike_springVariablesIncluded() throws Exception {
    origin.on("/articles/9", (request, response, call) -> {
      // What Spring MVC records once it has chosen the handler, before the handler writes.
      request.setAttribute(RouteTags.URI_VARIABLES, Map.of("topic", "sport"));
      response.setHeader(TAGS, "edition-" + call);
      write(response, "edition " + call);
    });
    start(articles("article:{id}", "topic:{topic}"), false);
    assertStoredMiss(client.get("/articles/9"));
    assertThat(tags("/articles/9")).containsExactly("article:9", "topic:sport", "edition-1");
    clock.advance(Duration.ofSeconds(15));

    Reply stale = client.get("/articles/9");
    await("the refresh to be published").until(() -> cache.stats().published() == 2);
    Reply fresh = client.get("/articles/9");

    assertHit(stale);
    assertThat(fresh.text()).isEqualTo("edition 2");
    assertThat(fresh.header(TAGS)).isNull();
    assertThat(fresh.header(RefreshTagStamp.HEADER)).isNull();
    assertThat(tags("/articles/9")).containsExactly("article:9", "topic:sport", "edition-2");
    assertThat(EntryTags.fieldValues(stored("/articles/9"), RefreshTagStamp.HEADER)).isEmpty();
    assertThat(EntryTags.fieldValues(stored("/articles/9"), TAGS)).isEmpty();
  }

  @Test
  void variableWithSpaceAndUnicode_isPercentEncodedIntoOneTag() throws Exception {
    origin.on("/articles/caf%C3%A9%20bar", (request, response, call) -> write(response, "café"));
    start(articles("article:{id}"), false);

    assertStoredMiss(client.get("/articles/caf%C3%A9%20bar"));

    assertThat(tags("/articles/café bar")).containsExactly("article:caf%C3%A9%20bar");
  }

  @Test
  void templateWithAVariableTheRouteLacks_isSkipped_andBadTokensDropped() throws Exception {
    origin.on("/articles/10", (request, response, call) -> {
      response.setHeader(TAGS, "ok caf\u00e9 fine");
      write(response, "article 10");
    });
    start(articles("user:{user}", "article:{id}"), false);

    assertStoredMiss(client.get("/articles/10"));

    assertThat(tags("/articles/10")).containsExactly("article:10", "ok", "fine");
  }

  @Test
  void tagsBeyondTheBounds_areDropped_andTheResponseIsStoredAnyway() throws Exception {
    List<String> many = new ArrayList<>(IntStream.range(0, 70).mapToObj(i -> "t" + i).toList());
    many.add(0, "x".repeat(EntryTags.MAX_LENGTH + 1));
    origin.on("/articles/11", (request, response, call) -> {
      response.setHeader(TAGS, String.join(" ", many));
      write(response, "article 11");
    });
    start(articles("article:{id}"), false);

    Reply miss = client.get("/articles/11");
    Reply hit = client.get("/articles/11");

    assertStoredMiss(miss);
    assertHit(hit);
    assertThat(tags("/articles/11")).hasSize(EntryTags.MAX_TAGS)
        .startsWith("article:11", "t0").endsWith("t62")
        .allSatisfy(tag -> assertThat(tag).hasSizeLessThanOrEqualTo(EntryTags.MAX_LENGTH));
  }
}
