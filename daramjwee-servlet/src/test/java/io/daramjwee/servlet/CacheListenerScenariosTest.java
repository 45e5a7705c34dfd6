package io.daramjwee.servlet;

import io.daramjwee.http.CacheResult;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a {@link CacheListener} hears: one result per request on a route, with the tier that
 * answered, and the body bytes sent from a tier or the origin. The container may finish the
 * response before the filter's last statement runs, so events are awaited, never slept for.
 */
class CacheListenerScenariosTest extends FilterScenarios {

  private static final String BODY = "twelve bytes";

  private final Recorder recorder = new Recorder();

  @Test
  void controllerMissThenHit_reportMissFromOriginThenHitFromTierZero() throws Exception {
    origin.on("/a", (request, response, call) -> write(response, BODY));
    startWith(filter(memoryCache()).listener(recorder), Route.controller("/a", rules("r").build()));

    client.get("/a");
    client.get("/a");

    awaitEvents("r MISS -1", "r HIT 0");
    await().until(() -> recorder.bodies.containsAll(List.of("r -1 12", "r 0 12")));
  }

  @Test
  void staleAndBypassAndPass_areToldApart() throws Exception {
    origin.on("/a", (request, response, call) -> write(response, BODY));
    origin.on("/private", (request, response, call) -> {
      response.setHeader("Cache-Control", "private");
      write(response, BODY);
    });
    startWith(filter(memoryCache()).listener(recorder),
        Route.controller("/a", rules("r").freshFor(Duration.ofSeconds(10))
            .staleFor(Duration.ofMinutes(1)).build()),
        Route.controller("/private", rules("p").build()));

    client.get("/a");
    clock.advance(Duration.ofSeconds(15));
    client.get("/a");
    client.get("/a", "Authorization", "Bearer x");
    client.post("/a", "x");
    client.get("/private");
    client.get("/private");

    awaitEvents("r MISS -1", "r STALE 0", "r BYPASS -1", "r BYPASS -1", "p MISS -1",
        "p PASS -1");
  }

  @Test
  void controllerFailure_withAStaleEntry_isStaleIfErrorFromTheTierThatHeldIt() throws Exception {
    origin.on("/a", (request, response, call) -> {
      if (call > 1) {
        response.sendError(500);
        return;
      }
      write(response, BODY);
    });
    startWith(filter(memoryCache()).listener(recorder), Route.controller("/a",
        rules("r").freshFor(Duration.ofSeconds(10)).staleIfError(Duration.ofMinutes(10))
            .build()));

    client.get("/a");
    clock.advance(Duration.ofMinutes(1));
    Reply standIn = client.get("/a");

    assertThat(standIn.status()).isEqualTo(200);
    awaitEvents("r MISS -1", "r STALE_IF_ERROR 0");
  }

  @Test
  void proxyRoute_reportsMissHitAndUpstreamError() throws Exception {
    wiremock().stubFor(get("/origin/x").willReturn(ok(BODY)));
    wiremock().stubFor(get("/origin/down").willReturn(serviceUnavailable()));
    startWith(filter(memoryCache()).listener(recorder),
        Route.proxy("/p/**", rules("px").build(), upstream()));

    client.get("/p/x");
    client.get("/p/x");
    Reply down = client.get("/p/down");

    assertThat(down.status()).isEqualTo(502);
    awaitEvents("px MISS -1", "px HIT 0", "px UPSTREAM_ERROR -1");
    await().until(() -> recorder.bodies.containsAll(List.of("px -1 12", "px 0 12")));
  }

  @Test
  void withoutTheCacheStatusHeader_theListenerStillHearsEveryResult() throws Exception {
    origin.on("/a", (request, response, call) -> write(response, BODY));
    startWith(filter(memoryCache()).listener(recorder).cacheStatusHeader(false),
        Route.controller("/a", rules("r").build()));

    client.get("/a");
    Reply hit = client.get("/a");

    assertThat(hit.header("Cache-Status")).isNull();
    awaitEvents("r MISS -1", "r HIT 0");
  }

  @Test
  void aListenerThatThrows_neverReachesTheRequest() throws Exception {
    origin.on("/a", (request, response, call) -> write(response, BODY));
    CacheListener broken = new CacheListener() {
      @Override
      public void onRequest(String routeId, CacheResult result, int tier) {
        throw new IllegalStateException("broken listener");
      }

      @Override
      public void onBodySent(String routeId, int tier, long bytes) {
        throw new IllegalStateException("broken listener");
      }
    };
    startWith(filter(memoryCache()).listener(broken), Route.controller("/a", rules("r").build()));

    Reply miss = client.get("/a");
    Reply hit = client.get("/a");

    assertThat(miss.text()).isEqualTo(BODY);
    assertThat(hit.text()).isEqualTo(BODY);
    assertHit(hit);
  }

  @Test
  void resultTags_areLowerCaseWithHyphens() {
    assertThat(CacheResult.STALE_IF_ERROR.tag()).isEqualTo("stale-if-error");
    assertThat(CacheResult.HIT.tag()).isEqualTo("hit");
  }

  private void startWith(DaramjweeFilter.Builder builder, Route... routes) throws Exception {
    for (Route r : routes) {
      builder.route(r);
    }
    start(builder.build(), origin);
  }

  private void awaitEvents(String... expected) {
    await().untilAsserted(() -> assertThat(recorder.requests).containsExactly(expected));
  }

  /** Records what it hears as "route RESULT tier" and "route tier bytes". */
  private static final class Recorder implements CacheListener {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();

    @Override
    public void onRequest(String routeId, CacheResult result, int tier) {
      requests.add(routeId + " " + result + " " + tier);
    }

    @Override
    public void onBodySent(String routeId, int tier, long bytes) {
      bodies.add(routeId + " " + tier + " " + bytes);
    }
  }
}
