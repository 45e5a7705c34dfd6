package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Proxy routes against a WireMock upstream: the path below the route's {@code /**} and the query
 * are appended to the upstream's path, GET responses are cached, and other methods pass through
 * uncached and, when they succeed, invalidate the key.
 */
class ProxyScenariosTest extends FilterScenarios {

  @Test
  void proxyMiss_mapsPathAndQueryOntoTheUpstream_andIsStored() throws Exception {
    wiremock().stubFor(get("/origin/a/b?q=1").willReturn(ok("mapped")));
    start(Route.proxy("/p/**", rules("p").build(), upstream()));

    Reply miss = client.get("/p/a/b?q=1");
    Reply hit = client.get("/p/a/b?q=1");

    assertStoredMiss(miss);
    assertThat(miss.text()).isEqualTo("mapped");
    assertHit(hit);
    assertThat(hit.text()).isEqualTo("mapped");
    wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/a/b?q=1")));
  }

  @Test
  void postOnProxyRoute_passesThroughUncached_andInvalidatesTheKey() throws Exception {
    wiremock().stubFor(get("/origin/cart").willReturn(ok("cart")));
    wiremock().stubFor(post("/origin/cart").willReturn(aResponse().withStatus(201)
        .withBody("added")));
    start(Route.proxy("/p/**", rules("p-cart").build(), upstream()));
    assertStoredMiss(client.get("/p/cart"));
    assertHit(client.get("/p/cart"));

    Reply first = client.post("/p/cart", "add=apple", "Content-Type", "text/plain");
    Reply second = client.post("/p/cart", "add=pear", "Content-Type", "text/plain");
    Reply after = client.get("/p/cart");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.text()).isEqualTo("added");
    assertThat(second.status()).isEqualTo(201);
    wiremock().verify(1, postRequestedFor(urlEqualTo("/origin/cart"))
        .withRequestBody(equalTo("add=apple")));
    wiremock().verify(1, postRequestedFor(urlEqualTo("/origin/cart"))
        .withRequestBody(equalTo("add=pear")));
    assertForwarded(after);
    assertThat(after.text()).isEqualTo("cart");
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/cart")));
  }
}
