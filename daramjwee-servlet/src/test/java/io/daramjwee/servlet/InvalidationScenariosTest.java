package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RFC 9111 §4.4: a successful unsafe request invalidates its target URI and, on the same origin,
 * the URIs its response's {@code Location} and {@code Content-Location} name; every variant of
 * each, on both route kinds. A failed one, or a safe method, invalidates nothing.
 */
class InvalidationScenariosTest extends FilterScenarios {

  /** A controller for /items/**: GETs answer by path, language and call; POSTs as scripted. */
  private void items(int postStatus, String location, String contentLocation) {
    origin.on("/items/1", (request, response, call) -> {
      if (request.getMethod().equals("GET")) {
        response.setHeader("Vary", "Accept-Language");
        write(response, "item 1 " + request.getHeader("Accept-Language") + " " + call);
        return;
      }
      if (request.getMethod().equals("OPTIONS")) {
        response.setStatus(204);
        response.setHeader("Location", "/items/7");
        return;
      }
      response.setStatus(postStatus);
      if (location != null) {
        response.setHeader("Location", location);
      }
      if (contentLocation != null) {
        response.setHeader("Content-Location", contentLocation);
      }
      write(response, "posted");
    });
    for (String path : new String[] {"/items/7", "/items/8"}) {
      origin.on(path, (request, response, call) -> write(response, path + " " + call));
    }
  }

  private void warm() {
    for (String language : new String[] {"en", "de"}) {
      assertStoredMiss(client.get("/items/1", "Accept-Language", language));
      assertHit(client.get("/items/1", "Accept-Language", language));
    }
    assertStoredMiss(client.get("/items/7"));
    assertStoredMiss(client.get("/items/8"));
  }

  @Test
  void successfulPost_invalidatesEveryVariantOfItsTarget_andTheSameOriginLocations()
      throws Exception {
    items(201, null, null);
    start(Route.controller("/items/**", rules("items").build()));
    // Location is relative; Content-Location names this server by an absolute URI.
    origin.on("/items/1", (request, response, call) -> {
      if (request.getMethod().equals("GET")) {
        response.setHeader("Vary", "Accept-Language");
        write(response, "item 1 " + request.getHeader("Accept-Language") + " " + call);
        return;
      }
      response.setStatus(201);
      response.setHeader("Location", "/items/7");
      response.setHeader("Content-Location",
          request.getRequestURL().toString().replace("/items/1", "/items/8"));
      write(response, "posted");
    });
    warm();
    clock.advance(Duration.ofSeconds(1));

    Reply posted = client.post("/items/1", "x", "Content-Type", "text/plain");
    clock.advance(Duration.ofMillis(1));

    assertThat(posted.status()).isEqualTo(201);
    assertStoredMiss(client.get("/items/1", "Accept-Language", "en"));
    assertStoredMiss(client.get("/items/1", "Accept-Language", "de"));
    assertStoredMiss(client.get("/items/7"));
    assertStoredMiss(client.get("/items/8"));
    assertThat(origin.calls("/items/7")).isEqualTo(2);
  }

  @Test
  void locationOnAnotherOrigin_isLeftAlone() throws Exception {
    items(303, "http://elsewhere.example/items/7", null);
    start(Route.controller("/items/**", rules("items").build()));
    warm();
    clock.advance(Duration.ofSeconds(1));

    client.post("/items/1", "x", "Content-Type", "text/plain");
    clock.advance(Duration.ofMillis(1));

    assertHit(client.get("/items/7"));
    assertStoredMiss(client.get("/items/1", "Accept-Language", "en"));
  }

  @Test
  void failedPost_andSafeMethods_invalidateNothing() throws Exception {
    items(409, "/items/7", null);
    start(Route.controller("/items/**", rules("items").build()));
    warm();
    clock.advance(Duration.ofSeconds(1));

    Reply refused = client.post("/items/1", "x", "Content-Type", "text/plain");
    Reply options = client.send(client.request("/items/1")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    clock.advance(Duration.ofMillis(1));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(options.status()).isLessThan(400);
    assertHit(client.get("/items/1", "Accept-Language", "en"));
    assertHit(client.get("/items/1", "Accept-Language", "de"));
    assertHit(client.get("/items/7"));
  }

  @Test
  void proxyRoute_successfulPost_invalidatesTargetAndLocation() throws Exception {
    wiremock().stubFor(get("/origin/orders").willReturn(ok("orders")));
    wiremock().stubFor(get("/origin/orders/5").willReturn(ok("order 5")));
    wiremock().stubFor(post("/origin/orders").willReturn(aResponse().withStatus(201)
        .withHeader("Location", "/p/orders/5").withBody("created")));
    start(Route.proxy("/p/**", rules("p-orders").build(), upstream()));
    assertStoredMiss(client.get("/p/orders"));
    assertStoredMiss(client.get("/p/orders/5"));
    clock.advance(Duration.ofSeconds(1));

    assertThat(client.post("/p/orders", "o", "Content-Type", "text/plain").status())
        .isEqualTo(201);
    clock.advance(Duration.ofMillis(1));

    assertStoredMiss(client.get("/p/orders"));
    assertStoredMiss(client.get("/p/orders/5"));
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/orders/5")));
  }
}
