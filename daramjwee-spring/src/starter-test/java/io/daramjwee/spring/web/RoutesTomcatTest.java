package io.daramjwee.spring.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.daramjwee.spring.web.CacheStatusAssertions.assertHit;
import static io.daramjwee.spring.web.CacheStatusAssertions.assertMiss;
import static io.daramjwee.spring.web.CacheStatusAssertions.assertUncovered;
import static io.daramjwee.spring.web.CacheStatusAssertions.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.daramjwee.http.RouteRules;
import io.daramjwee.servlet.Route;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The route table on a real embedded Tomcat, driven by a real HTTP client: annotated handlers are
 * cached exactly where the dispatcher sends a request to them, and nowhere else; property routes
 * proxy to a real (WireMock) origin. Each test uses paths of its own, since the context and its
 * cache are shared.
 */
@SpringBootTest(classes = RoutesTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutesTomcatTest {

  private static final WireMockServer ORIGIN = new WireMockServer(options().dynamicPort());

  @DynamicPropertySource
  static void proxyRoute(DynamicPropertyRegistry registry) {
    if (!ORIGIN.isRunning()) {
      ORIGIN.start();
    }
    registry.add("daramjwee.routes[0].id", () -> "proxy");
    registry.add("daramjwee.routes[0].pattern", () -> "/proxy/**");
    registry.add("daramjwee.routes[0].upstream", () -> ORIGIN.baseUrl() + "/origin");
  }

  @AfterAll
  static void stopOrigin() {
    ORIGIN.stop();
  }

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  @Autowired
  RoutesTestApplication.Calls calls;

  @Autowired
  RoutesTestApplication.SeenAttributes seen;

  @Autowired
  DaramjweeRoutes routes;

  @Autowired
  RoutesTestApplication.HeardResults heard;

  @Test
  void secondGet_ofAnAnnotatedHandler_isAHit_withoutRunningItAgain() throws Exception {
    HttpResponse<String> first = get("/articles/a1");
    HttpResponse<String> second = get("/articles/a1");

    assertMiss(first);
    assertHit(second);
    // RFC 9211 §2.8: the tier that answered, as the starter names it.
    assertThat(cacheStatus(second)).endsWith("; detail=hot");
    assertThat(second.body()).isEqualTo("article a1");
    assertThat(calls.of("article:a1")).isEqualTo(1);
  }

  @Test
  void moreSpecificMappingWithoutTheAnnotation_isNotCached() throws Exception {
    assertUncovered(get("/articles/latest"));
    assertUncovered(get("/articles/latest"));

    assertThat(calls.of("latest")).isEqualTo(2);
  }

  @Test
  void paramsCondition_choosesTheHandler_andOnlyTheAnnotatedOneIsCached() throws Exception {
    assertUncovered(get("/articles/r1?raw"));
    HttpResponse<String> raw = get("/articles/r1?raw");
    assertMiss(get("/search?q=p1"));
    HttpResponse<String> search = get("/search?q=p1");
    assertUncovered(get("/search"));
    assertUncovered(get("/search"));

    assertThat(raw.body()).isEqualTo("raw r1");
    assertThat(calls.of("raw:r1")).isEqualTo(2);
    assertHit(search);
    assertThat(calls.of("search:p1")).isEqualTo(1);
    assertThat(calls.of("searchForm")).isEqualTo(2);
  }

  @Test
  void producesCondition_choosesTheHandler_andOnlyTheAnnotatedOneIsCached() throws Exception {
    get("/report", "Accept", "application/json");
    HttpResponse<String> json = get("/report", "Accept", "application/json");
    assertUncovered(get("/report", "Accept", "text/plain"));
    HttpResponse<String> text = get("/report", "Accept", "text/plain");

    assertHit(json);
    assertThat(json.body()).isEqualTo("{\"report\":true}");
    assertUncovered(text);
    assertThat(text.body()).isEqualTo("report");
    assertThat(calls.of("reportJson")).isEqualTo(1);
    assertThat(calls.of("reportText")).isEqualTo(2);
  }

  @Test
  void postToACachedPath_isNotCached_andGoesToItsOwnHandler() throws Exception {
    assertMiss(get("/articles/p1"));
    assertUncovered(send("POST", "/articles/p1"));
    HttpResponse<String> post = send("POST", "/articles/p1");
    HttpResponse<String> getAgain = get("/articles/p1");

    assertUncovered(post);
    assertThat(post.body()).isEqualTo("updated p1");
    assertThat(calls.of("update:p1")).isEqualTo(2);
    assertHit(getAgain);
    assertThat(calls.of("article:p1")).isEqualTo(1);
  }

  @Test
  void classLevelAnnotation_coversEveryHandler_andAMethodOverridesIt() throws Exception {
    get("/catalog/items/c1");
    HttpResponse<String> item = get("/catalog/items/c1");
    get("/catalog/prices/c1");
    HttpResponse<String> price = get("/catalog/prices/c1");

    assertHit(item);
    assertHit(price);
    assertThat(calls.of("item:c1")).isEqualTo(1);
    assertThat(calls.of("price:c1")).isEqualTo(1);
    assertThat(rules("Catalog.item").freshFor()).isEqualTo(Duration.ofMinutes(1));
    assertThat(rules("prices").freshFor()).isEqualTo(Duration.ofSeconds(10));
    assertThat(routes.routeIdsTagged("catalog")).containsExactly("Catalog.item", "prices");
  }

  @Test
  void queryInclude_keysOnlyTheNamedParameters() throws Exception {
    assertMiss(get("/search?q=inc&page=1"));
    HttpResponse<String> otherPage = get("/search?q=inc&page=2");
    HttpResponse<String> otherQuery = get("/search?q=inc2&page=1");

    assertHit(otherPage);
    assertThat(otherPage.body()).isEqualTo("search inc page 1");
    assertMiss(otherQuery);
    assertThat(calls.of("search:inc")).isEqualTo(1);
  }

  @Test
  void queryExclude_leavesTheNamedParametersOutOfTheKey() throws Exception {
    assertMiss(get("/feed?page=1&utm=mail"));
    HttpResponse<String> otherUtm = get("/feed?page=1&utm=social");
    HttpResponse<String> otherPage = get("/feed?page=2&utm=mail");

    assertHit(otherUtm);
    assertThat(otherUtm.body()).isEqualTo("feed 1 from mail");
    assertMiss(otherPage);
    assertThat(calls.of("feed:1")).isEqualTo(1);
  }

  @Test
  void vary_keysOnTheNamedRequestHeader() throws Exception {
    assertMiss(get("/greeting", "Accept-Language", "en"));
    HttpResponse<String> english = get("/greeting", "Accept-Language", "en");
    HttpResponse<String> korean = get("/greeting", "Accept-Language", "ko");

    assertHit(english);
    assertMiss(korean);
    assertThat(korean.body()).isEqualTo("hello in ko");
    assertThat(calls.of("greeting:en")).isEqualTo(1);
    assertThat(calls.of("greeting:ko")).isEqualTo(1);
  }

  @Test
  void propertyRouteWithUpstream_proxiesAndIsAHitTheSecondTime() throws Exception {
    ORIGIN.stubFor(WireMock.get(urlEqualTo("/origin/items/1"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
            .withBody("item one")));

    HttpResponse<String> first = get("/proxy/items/1");
    HttpResponse<String> second = get("/proxy/items/1");

    assertMiss(first);
    assertHit(second);
    assertThat(second.body()).isEqualTo("item one");
    ORIGIN.verify(1, getRequestedFor(urlEqualTo("/origin/items/1")));
  }

  @Test
  void handlerLookup_leavesNoAttributesOnTheRequest_andHandlersSeeTheirOwnPathVariables()
      throws Exception {
    HttpResponse<String> cached = get("/articles/x1");
    HttpResponse<String> notCached = get("/articles/x2?raw");

    assertMiss(cached);
    assertThat(cached.body()).isEqualTo("article x1");
    assertUncovered(notCached);
    assertThat(notCached.body()).isEqualTo("raw x2");
    // Both were looked up among the handler mappings before the chain went on; what the mappings
    // recorded must not be on the request the DispatcherServlet gets.
    for (String uri : List.of("/articles/x1", "/articles/x2")) {
      assertThat(seen.byUri.get(uri)).as("attributes on %s", uri).isNotNull()
          .noneMatch(name -> name.startsWith("org.springframework.web.servlet.HandlerMapping")
              || name.startsWith("org.springframework.web.util.ServletRequestPathUtils")
              || name.startsWith("org.springframework.web.util.UrlPathHelper"));
    }
  }

  @Test
  void everyCacheListenerBean_hearsTheResults_evenWhenAnEarlierOneFails() throws Exception {
    get("/articles/l1");
    get("/articles/l1");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(heard.heard).containsSubsequence("Articles.article:MISS",
            "Articles.article:HIT"));
  }

  private RouteRules rules(String id) {
    return routes.routes().stream().filter(r -> r.id().equals(id)).map(Route::rules)
        .findFirst().orElseThrow(() -> new AssertionError("no route " + id));
  }

  private HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    return send("GET", path, headers);
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s", method, path).isLessThan(400);
    return response;
  }
}
