package io.daramjwee.spring.web;

import static io.daramjwee.spring.web.CacheStatusAssertions.assertHit;
import static io.daramjwee.spring.web.CacheStatusAssertions.assertMiss;
import static io.daramjwee.spring.web.CacheStatusAssertions.assertUncovered;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.servlet.Route;
import io.daramjwee.spring.DaramjweeProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The route memo of {@link HandlerMatcher} over the real Spring MVC handler mappings of an
 * application on embedded Tomcat: a matcher built from them, as at startup, counts its lookups
 * per request (Spring's {@code MockHttpServletRequest} as the requests), and the filter's own
 * matcher routes real HTTP requests. Each test has a fresh matcher, so a fresh memo.
 */
@SpringBootTest(classes = MemoTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RouteMemoTomcatTest {

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  @Autowired
  ApplicationContext context;

  @Autowired
  DaramjweeProperties properties;

  private HandlerMatcher matcher;

  @BeforeEach
  void buildMatcher() {
    matcher = HandlerRoutes.discover(context, new AnnotatedRules(properties,
        context.getEnvironment()));
    assertThat(matcher.memo()).as("the memo for these mappings").isNotNull();
  }

  @Test
  void repeatGetOfAnAnnotatedPath_isAnsweredFromTheMemo_withTheSameRoute() {
    Route first = resolve("GET", "/memo/items/a1");
    Route second = resolve("GET", "/memo/items/a1");

    assertThat(first).isNotNull();
    assertThat(first.id()).isEqualTo("Items.item");
    assertThat(second).isSameAs(first);
    assertThat(matcher.lookups()).isEqualTo(1);
  }

  @Test
  void repeatGetOfAMoreSpecificUnannotatedPath_isRememberedAsNoRoute() {
    Route first = resolve("GET", "/memo/items/latest");
    Route second = resolve("GET", "/memo/items/latest");

    assertThat(first).isNull();
    assertThat(second).isNull();
    assertThat(matcher.lookups()).isEqualTo(1);
    assertThat(matcher.memo().size("GET")).isEqualTo(1);
  }

  @Test
  void pathSharedWithAHeaderConditionedMapping_isLookedUpEveryTime_plainFirst() {
    Route plain = resolve("GET", "/memo/shared/s1");
    Route raw = resolve("GET", "/memo/shared/s1", "X-Raw", "1");
    Route plainAgain = resolve("GET", "/memo/shared/s1");

    assertThat(plain).isNotNull();
    assertThat(plain.id()).isEqualTo("Items.shared");
    assertThat(raw).isNull();
    assertThat(plainAgain).isSameAs(plain);
    assertThat(matcher.lookups()).isEqualTo(3);
  }

  @Test
  void pathSharedWithAHeaderConditionedMapping_isLookedUpEveryTime_headerFirst() {
    Route raw = resolve("GET", "/memo/shared/s2", "X-Raw", "1");
    Route plain = resolve("GET", "/memo/shared/s2");
    Route rawAgain = resolve("GET", "/memo/shared/s2", "X-Raw", "1");

    assertThat(raw).isNull();
    assertThat(plain).isNotNull();
    assertThat(plain.id()).isEqualTo("Items.shared");
    assertThat(rawAgain).isNull();
    assertThat(matcher.lookups()).isEqualTo(3);
  }

  @Test
  void overTomcat_theSharedPathRoutesByTheHeader_inEitherOrder() throws Exception {
    assertMiss(get("/memo/shared/t1"));
    HttpResponse<String> raw = get("/memo/shared/t1", "X-Raw", "1");
    HttpResponse<String> plain = get("/memo/shared/t1");

    assertUncovered(raw);
    assertThat(raw.body()).isEqualTo("raw t1");
    assertHit(plain);
    assertThat(plain.body()).isEqualTo("shared t1");

    HttpResponse<String> rawFirst = get("/memo/shared/t2", "X-Raw", "1");
    HttpResponse<String> plainNext = get("/memo/shared/t2");
    HttpResponse<String> rawAgain = get("/memo/shared/t2", "X-Raw", "1");

    assertUncovered(rawFirst);
    assertThat(rawFirst.body()).isEqualTo("raw t2");
    assertMiss(plainNext);
    assertThat(plainNext.body()).isEqualTo("shared t2");
    assertUncovered(rawAgain);
    assertThat(rawAgain.body()).isEqualTo("raw t2");
  }

  @Test
  void overTomcat_aRepeatGetIsAHit_andTheMoreSpecificPathStaysUncovered() throws Exception {
    assertMiss(get("/memo/items/t3"));
    assertHit(get("/memo/items/t3"));
    assertUncovered(get("/memo/items/latest"));
    HttpResponse<String> latest = get("/memo/items/latest");

    assertUncovered(latest);
    assertThat(latest.body()).isEqualTo("latest");
  }

  @Test
  void headAndGet_areRememberedApart() {
    Route get = resolve("GET", "/memo/items/h1");
    Route head = resolve("HEAD", "/memo/items/h1");
    Route getAgain = resolve("GET", "/memo/items/h1");
    Route headAgain = resolve("HEAD", "/memo/items/h1");

    assertThat(get).isNotNull();
    assertThat(getAgain).isSameAs(get);
    assertThat(head).as("HEAD goes to its explicit, unannotated mapping").isNull();
    assertThat(headAgain).isNull();
    assertThat(matcher.lookups()).isEqualTo(2);
    assertThat(matcher.memo().size("GET")).isEqualTo(1);
    assertThat(matcher.memo().size("HEAD")).isEqualTo(1);
  }

  @Test
  void postAndOptions_areLookedUpEveryTime() {
    resolve("POST", "/memo/items/p1");
    resolve("POST", "/memo/items/p1");
    resolve("OPTIONS", "/memo/items/p1");
    resolve("OPTIONS", "/memo/items/p1", "Origin", "http://example.test",
        "Access-Control-Request-Method", "GET");
    resolve("OPTIONS", "/memo/items/p1", "Origin", "http://example.test",
        "Access-Control-Request-Method", "GET");

    assertThat(matcher.lookups()).isEqualTo(5);
    assertThat(matcher.memo().size("POST")).isZero();
    assertThat(matcher.memo().size("OPTIONS")).isZero();
    assertThat(matcher.memo().size("GET")).isZero();
  }

  @Test
  void theMemoStaysWithinItsBound_andKeepsRememberingAfterItFills() {
    int paths = RouteMemo.CAPACITY + 10;
    for (int i = 0; i < paths; i++) {
      assertThat(resolve("GET", "/memo/items/b" + i)).isNotNull();
      assertThat(matcher.memo().size("GET")).isLessThanOrEqualTo(RouteMemo.CAPACITY);
    }
    Route last = resolve("GET", "/memo/items/b" + (paths - 1));

    assertThat(matcher.lookups()).isEqualTo(paths);
    assertThat(last).isNotNull();
  }

  @Test
  void aPathLongerThanTheLimit_isNotRemembered() {
    String path = "/memo/items/" + "x".repeat(RouteMemo.MAX_PATH_LENGTH);

    assertThat(resolve("GET", path)).isNotNull();
    assertThat(resolve("GET", path)).isNotNull();
    assertThat(matcher.lookups()).isEqualTo(2);
    assertThat(matcher.memo().size("GET")).isZero();
  }

  private Route resolve(String method, String path, String... headers) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    for (int i = 0; i < headers.length; i += 2) {
      request.addHeader(headers[i], headers[i + 1]);
    }
    return matcher.resolve(request);
  }

  private HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response;
  }
}
