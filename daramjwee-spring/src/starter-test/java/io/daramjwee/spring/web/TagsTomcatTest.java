package io.daramjwee.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.Metadata;
import io.daramjwee.http.EntryTags;
import io.daramjwee.testing.KeyJournal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Tags through the starter on a real embedded Tomcat: {@code @Daramjwee(tags = "article:{id}")}
 * and {@code daramjwee.routes[n].tags} templates are filled per request and stored with the
 * entry beside the response's tag header ({@code daramjwee.tag-header}), which clients see only
 * with {@code daramjwee.expose-tag-header}. Each test uses paths of its own, since the context and
 * its cache are shared.
 */
@SpringBootTest(classes = TagsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"daramjwee.tag-header=" + TagsTestApplication.TAG_HEADER,
        "daramjwee.routes[0].pattern=/docs/{section}",
        "daramjwee.routes[0].tags=docs:{section},docs"})
class TagsTomcatTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  @Autowired
  KeyJournal journal;

  @Test
  void annotatedTemplate_storesTheFilledTag_andTheTagHeaderStaysHidden() throws Exception {
    HttpResponse<String> miss = get("/articles/42");
    HttpResponse<String> hit = get("/articles/42");

    assertThat(hit.body()).isEqualTo("article 42");
    assertThat(hit.headers().firstValue("Cache-Status").orElse("")).contains("hit");
    for (HttpResponse<String> response : List.of(miss, hit)) {
      assertThat(response.headers().firstValue(TagsTestApplication.TAG_HEADER)).isEmpty();
    }
    assertThat(storedTags("/articles/42")).containsExactly("article:42", "front-page");
  }

  @Test
  void handlerUnderTwoPatterns_fillsTheTemplateUnderEither() throws Exception {
    get("/posts/first");
    get("/blog/second");

    assertThat(storedTags("/posts/first")).containsExactly("post:first");
    assertThat(storedTags("/blog/second")).containsExactly("post:second");
  }

  @Test
  void propertyRouteTemplates_areFilledFromItsPattern() throws Exception {
    get("/docs/guide");

    assertThat(storedTags("/docs/guide")).containsExactly("docs:guide", "docs");
  }

  /** The same application with the tag header passed through to clients. */
  @Nested
  @TestPropertySource(properties = "daramjwee.expose-tag-header=true")
  class Exposed {

    // Its own context: its own server and cache, injected here, not in the enclosing instance.
    @LocalServerPort
    int exposedPort;

    @Autowired
    KeyJournal exposedJournal;

    @Test
    void tagHeader_reachesTheClient_onMissAndHit() throws Exception {
      HttpResponse<String> miss = get(exposedPort, "/articles/43");
      HttpResponse<String> hit = get(exposedPort, "/articles/43");

      assertThat(hit.headers().firstValue("Cache-Status").orElse("")).contains("hit");
      for (HttpResponse<String> response : List.of(miss, hit)) {
        assertThat(response.headers().firstValue(TagsTestApplication.TAG_HEADER))
            .contains("front-page");
      }
      assertThat(storedTags(exposedJournal, "/articles/43"))
          .containsExactly("article:43", "front-page");
    }
  }

  private List<String> storedTags(String path) {
    return storedTags(journal, path);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(port, path);
  }

  /** The tags stored for {@code path}, once its fill has been published. */
  private static List<String> storedTags(KeyJournal journal, String path) {
    String fragment = "p" + path.length() + ":" + path;
    return await("the entry of " + path).atMost(Duration.ofSeconds(10)).until(() -> {
      List<String> keys = journal.keysWith(fragment);
      Metadata stored = keys.size() == 1 ? journal.stat(keys.get(0)) : null;
      return stored == null ? null : EntryTags.of(stored);
    }, tags -> tags != null);
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response;
  }
}
