package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.TestClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of concurrent misses on one key goes to the origin once: one request fills the cache
 * while the others wait for its publish and are served from it (the thundering herd a cold or
 * evicted hot key would otherwise send to the controller or upstream).
 */
class CoalescingScenariosTest extends FilterScenarios {

  private static final int CLIENTS = 100;

  private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void hundredConcurrentMisses_runTheControllerOnce() throws Exception {
    CountDownLatch allArrived = new CountDownLatch(1);
    origin.on("/hot", (request, response, call) -> {
      assertThat(allArrived.await(10, TimeUnit.SECONDS)).isTrue();
      write(response, "hot body from call " + call);
    });
    start(Route.controller("/hot", rules("hot").build()));

    List<Future<Reply>> replies = sendConcurrently("/hot");
    await("all " + CLIENTS + " requests in the server").until(() -> server.inFlight() == CLIENTS);
    assertThat(origin.calls("/hot")).as("controllers entered while the herd waits").isEqualTo(1);
    allArrived.countDown();

    assertOneFillServedToAll(replies, "hot body from call 1");
    assertThat(origin.calls("/hot")).isEqualTo(1);
  }

  @Test
  void hundredConcurrentMisses_onProxyRoute_sendOneUpstreamRequest() throws Exception {
    wiremock().stubFor(get("/origin/hot")
        .willReturn(ok("hot upstream body").withFixedDelay(1_500)));
    start(Route.proxy("/p/**", rules("p-hot").build(), upstream()));

    List<Future<Reply>> replies = sendConcurrently("/p/hot");

    assertOneFillServedToAll(replies, "hot upstream body");
    wiremock().verify(exactly(1), getRequestedFor(urlEqualTo("/origin/hot")));
  }

  private List<Future<Reply>> sendConcurrently(String path) {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      replies.add(clients.submit(() -> client.get(path)));
    }
    return replies;
  }

  /** One stored miss; every other request collapsed into it (or, if late, hit its entry). */
  private static void assertOneFillServedToAll(List<Future<Reply>> futures, String body)
      throws Exception {
    int stored = 0;
    for (Future<Reply> f : futures) {
      Reply reply = f.get(30, TimeUnit.SECONDS);
      assertThat(reply.status()).as("status of %s", reply).isEqualTo(200);
      assertThat(reply.text()).isEqualTo(body);
      if (Member.of(reply).has("stored")) {
        assertStoredMiss(reply);
        stored++;
      } else {
        assertCollapsedOrHit(reply);
      }
    }
    assertThat(stored).as("requests that went to the origin and stored").isEqualTo(1);
  }
}
