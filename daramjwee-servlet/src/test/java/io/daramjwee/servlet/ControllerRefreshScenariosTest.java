package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.testing.RawHttp;
import io.daramjwee.testing.TestClient.Reply;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The background refresh of a controller route: a loopback request carrying the per-process
 * token in {@code X-Daramjwee-Refresh}, which the filter lets through to the controller uncached.
 * It renders the entry as clients saw it (their {@code Host}); an answer the cache would not
 * store is a failed refresh that keeps the entry; and the token means nothing from anywhere but
 * loopback, nor in any other value.
 */
class ControllerRefreshScenariosTest extends FilterScenarios {

  private static final String REFRESH = RefreshToken.HEADER;
  private static final String WRONG_TOKEN = "0".repeat(64);

  private DaramjweeCache cache;

  /** Starts a route over everything, fresh for 10 s and stale for a minute after. */
  private void startStaleRoute() throws Exception {
    cache = memoryCache();
    start(filter(cache).route(Route.controller("/**", rules("site")
        .freshFor(Duration.ofSeconds(10)).staleFor(Duration.ofSeconds(60)).build())).build(),
        origin);
  }

  @ParameterizedTest(name = "refresh answered with {0}")
  @ValueSource(strings = {"401", "Set-Cookie"})
  void refreshAnsweredWithSomethingUnstorable_keepsTheStaleEntry(String answer) throws Exception {
    List<String> refreshes = new CopyOnWriteArrayList<>();
    origin.on("/news", (request, response, call) -> {
      if (request.getHeader(REFRESH) == null) {
        write(response, "edition " + call);
      } else if (refreshes.add(request.getHeader(REFRESH)) && answer.equals("401")) {
        response.sendError(401); // a security filter that does not know the refresh
      } else {
        response.addHeader("Set-Cookie", "session=" + call);
        write(response, "edition " + call + " with a session");
      }
    });
    startStaleRoute();
    assertStoredMiss(client.get("/news"));
    clock.advance(Duration.ofSeconds(15));

    assertHit(client.get("/news"));
    await("the refresh to reach the controller").until(() -> !refreshes.isEmpty());
    await("the refresh to end as a failed fetch")
        .until(() -> cache.stats().originErrors() == 1);
    Reply after = client.get("/news");

    assertHit(after);
    assertThat(ttl(after)).isNegative();
    assertThat(after.text()).isEqualTo("edition 1");
  }

  @Test
  void refresh_carriesTheClientsHost_andLandsAsTheNextFreshHit() throws Exception {
    List<String> refreshHosts = new CopyOnWriteArrayList<>();
    origin.on("/news", (request, response, call) -> {
      if (request.getHeader(REFRESH) != null) {
        refreshHosts.add(request.getHeader("Host"));
      }
      write(response, "edition " + call + " for " + request.getServerName());
    });
    startStaleRoute();
    assertStoredMiss(RawHttp.get(server.baseUri(), "shop.example", "/news"));
    clock.advance(Duration.ofSeconds(15));

    Reply stale = RawHttp.get(server.baseUri(), "shop.example", "/news");
    assertHit(stale);
    assertThat(stale.text()).isEqualTo("edition 1 for shop.example");
    await("the refresh to be published").until(() -> cache.stats().published() == 2);
    Reply fresh = RawHttp.get(server.baseUri(), "shop.example", "/news");

    assertHit(fresh);
    assertThat(ttl(fresh)).isPositive();
    assertThat(fresh.text()).isEqualTo("edition 2 for shop.example");
    assertThat(refreshHosts).containsExactly("shop.example");
    assertThat(origin.calls("/news")).isEqualTo(2);
  }

  /**
   * The real token, taken from a refresh the controller saw, sent from the machine's own
   * non-loopback address. The connection goes to the server on loopback from that source
   * address, so nothing is sent to a non-loopback destination, yet the server's peer is not
   * loopback, which is what the filter judges.
   */
  @Test
  void realTokenFromANonLoopbackAddress_isAnOrdinaryCachedRequest() throws Exception {
    InetAddress external = nonLoopbackIpv4();
    Assumptions.assumeTrue(external != null, "no non-loopback address");
    List<String> tokens = new CopyOnWriteArrayList<>();
    origin.on("/news", (request, response, call) -> {
      if (request.getHeader(REFRESH) != null) {
        tokens.add(request.getHeader(REFRESH));
      }
      write(response, "edition " + call);
    });
    origin.on("/other", (request, response, call) -> write(response, "other " + call));
    startStaleRoute();
    client.get("/news");
    clock.advance(Duration.ofSeconds(15));
    client.get("/news");
    await("the refresh to reveal the token").until(() -> !tokens.isEmpty());
    String host = "127.0.0.1:" + server.baseUri().getPort();

    Reply first = RawHttp.get(server.baseUri(), external, host, "/other", REFRESH, tokens.get(0));
    Reply second = RawHttp.get(server.baseUri(), external, host, "/other", REFRESH, tokens.get(0));
    Reply fromLoopback = RawHttp.get(server.baseUri(), host, "/other", REFRESH, tokens.get(0));

    assertStoredMiss(first);
    assertHit(second);
    assertThat(second.text()).isEqualTo("other 1");
    assertThat(fromLoopback.cacheStatus()).as("the same token from loopback: uncached").isNull();
    assertThat(fromLoopback.text()).isEqualTo("other 2");
  }

  @Test
  void wrongTokenFromLoopback_isAnOrdinaryCachedRequest() throws Exception {
    origin.on("/page", (request, response, call) -> write(response, "page " + call));
    startStaleRoute();

    Reply first = client.get("/page", REFRESH, WRONG_TOKEN);
    Reply second = client.get("/page", REFRESH, WRONG_TOKEN);

    assertStoredMiss(first);
    assertHit(second);
    assertThat(second.text()).isEqualTo("page 1");
    assertThat(origin.calls("/page")).isEqualTo(1);
  }

  /** The first address of an interface that is up and not loopback, or {@code null}. */
  private static InetAddress nonLoopbackIpv4() throws SocketException {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(ni.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return address;
        }
      }
    }
    return null;
  }
}
