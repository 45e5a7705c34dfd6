package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.FailingStore;
import io.daramjwee.testing.TestClient.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cache whose only tier fails every operation still answers every request from the origin:
 * a cache failure never becomes a 5xx (DESIGN.md section 5, fail-open). The tier is a real
 * memory store behind {@link FailingStore}, which fails with the declared IOException or, as an
 * SDK-backed store might, with an unchecked exception.
 */
class FailOpenScenariosTest extends FilterScenarios {

  private DaramjweeCache brokenCache(FailingStore.Failure failure) {
    return cache(new FailingStore(MemoryStore.builder().capacity(1 << 20).build(), failure));
  }

  @ParameterizedTest
  @EnumSource(FailingStore.Failure.class)
  void tierFailingEveryOperation_controllerRouteStillAnswers200(FailingStore.Failure failure)
      throws Exception {
    origin.on("/item", text("from the controller"));
    start(filter(brokenCache(failure)).route(Route.controller("/item", rules("item").build()))
        .build(), origin);

    for (int i = 0; i < 3; i++) {
      Reply get = client.get("/item");
      assertThat(get.status()).as("GET %d: %s", i, get).isEqualTo(200);
      assertThat(get.text()).isEqualTo("from the controller");
    }
    Reply head = client.head("/item");

    assertThat(head.status()).as("HEAD: %s", head).isEqualTo(200);
    assertThat(origin.calls("/item")).isEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(FailingStore.Failure.class)
  void tierFailingEveryOperation_proxyRouteStillAnswers200(FailingStore.Failure failure)
      throws Exception {
    wiremock().stubFor(get("/origin/item").willReturn(ok("from the upstream")));
    start(filter(brokenCache(failure)).route(Route.proxy("/p/**", rules("p-item").build(),
        upstream())).build(), origin);

    for (int i = 0; i < 3; i++) {
      Reply get = client.get("/p/item");
      assertThat(get.status()).as("GET %d: %s", i, get).isEqualTo(200);
      assertThat(get.text()).isEqualTo("from the upstream");
    }
    wiremock().verify(3, getRequestedFor(urlEqualTo("/origin/item")));
  }
}
