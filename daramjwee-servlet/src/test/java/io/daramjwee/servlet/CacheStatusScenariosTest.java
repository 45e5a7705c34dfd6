package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.Metadata;
import io.daramjwee.Store;
import io.daramjwee.StoreWriter;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.ForwardingStore;
import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The RFC 9211 {@code Cache-Status} names the tier whose entry answered, in its {@code detail}
 * (§2.8, as the RFC's own example {@code detail=MEMORY}): on a hit, a stale hit, a collapsed
 * request, a revalidated entry and a stale entry standing in for a failed origin. The names come
 * from {@code DaramjweeBuilder.tierNames} ({@code tier0}, {@code tier1}... by default); an answer
 * the origin gave itself names none.
 */
class CacheStatusScenariosTest extends FilterScenarios {

  private final ForgetfulStore hot =
      new ForgetfulStore(MemoryStore.builder().capacity(16L << 20).build());
  private final Store cold = MemoryStore.builder().capacity(16L << 20).build();

  /** The hot and cold tiers named {@code hot} and {@code cold}, on the test clock. */
  private DaramjweeCache namedTiers() {
    // Promoted on the first cold hit (no probation), so one request shows each tier.
    return closeLater(DaramjweeCache.builder().tiers(hot, cold).tierNames("hot", "cold")
        .promotionProbation(1, Duration.ofMinutes(1))
        .clock(clock).freshness(Duration.ofSeconds(60), Duration.ofSeconds(10))
        .worker(2, 64, Duration.ofSeconds(30)).build());
  }

  @Test
  void hit_namesTheTierThatAnswered_hotThenColdThenHotAgain() throws Exception {
    origin.on("/article", (request, response, call) -> write(response, "article " + call));
    start(filter(namedTiers()).route(Route.controller("/article", rules("article").build()))
        .build(), origin);

    Reply miss = client.get("/article");
    Reply hotHit = client.get("/article");
    hot.awaitCopiedInto(cold);
    hot.forgetAll(); // evicted from the hot tier: the cold tier answers, and promotes
    Reply coldHit = client.get("/article");
    Reply promoted = client.get("/article");

    assertStoredMiss(miss);
    assertThat(Member.of(miss).has("detail")).as("the origin answered: %s", miss).isFalse();
    assertThat(hotHit.cacheStatus()).isEqualTo("daramjwee; hit; ttl=60; detail=hot");
    assertThat(coldHit.cacheStatus()).isEqualTo("daramjwee; hit; ttl=60; detail=cold");
    assertThat(coldHit.text()).isEqualTo("article 1");
    assertThat(promoted.cacheStatus()).isEqualTo("daramjwee; hit; ttl=60; detail=hot");
    assertThat(origin.calls("/article")).isEqualTo(1);
  }

  @Test
  void hit_withoutNamedTiers_namesThemByPosition() throws Exception {
    origin.on("/plain", ScriptedOrigin.text("plain"));
    start(Route.controller("/plain", rules("plain").build()));

    assertStoredMiss(client.get("/plain"));
    Reply hit = client.get("/plain");

    assertThat(hit.cacheStatus()).isEqualTo("daramjwee; hit; ttl=60; detail=tier0");
  }

  @Test
  void staleHit_namesItsTier_withANegativeTtl() throws Exception {
    origin.on("/news", (request, response, call) -> write(response, "edition " + call));
    start(filter(namedTiers()).route(Route.controller("/news", rules("news")
        .freshFor(Duration.ofSeconds(10)).staleFor(Duration.ofSeconds(60)).build())).build(),
        origin);
    assertStoredMiss(client.get("/news"));
    clock.advance(Duration.ofSeconds(15));

    Reply stale = client.get("/news");

    // RFC 9211 §2.1: not forwarded, so a hit; §2.4: the negative ttl says it is stale.
    assertThat(stale.cacheStatus()).isEqualTo("daramjwee; hit; ttl=-5; detail=hot");
  }

  @Test
  void revalidatedEntry_namesTheTierItWasServedFrom() throws Exception {
    wiremock().stubFor(get("/origin/doc").willReturn(ok("original")
        .withHeader("ETag", "\"v1\"").withHeader("Cache-Control", "max-age=10")));
    start(filter(namedTiers()).route(Route.proxy("/p/**", rules("p-doc").build(), upstream()))
        .build(), origin);
    assertStoredMiss(client.get("/p/doc"));
    clock.advance(Duration.ofSeconds(15));
    wiremock().stubFor(get("/origin/doc").withHeader("If-None-Match", equalTo("\"v1\""))
        .atPriority(1).willReturn(status(304).withHeader("ETag", "\"v1\"")
            .withHeader("Cache-Control", "max-age=10")));

    Reply revalidated = client.get("/p/doc");
    Reply after = client.get("/p/doc");

    assertThat(revalidated.cacheStatus())
        .isEqualTo("daramjwee; fwd=stale; fwd-status=304; ttl=10; detail=hot");
    assertThat(revalidated.text()).isEqualTo("original");
    // The renewal published before the last byte left: the repeat is a hit, not collapsed.
    assertThat(after.cacheStatus()).isEqualTo("daramjwee; hit; ttl=10; detail=hot");
    wiremock().verify(2, getRequestedFor(urlEqualTo("/origin/doc")));
  }

  @Test
  void staleIfError_namesTheTierOfTheStaleEntry() throws Exception {
    wiremock().stubFor(get("/origin/item").willReturn(ok("old item")));
    start(filter(namedTiers()).route(Route.proxy("/p/**", rules("p-item")
        .freshFor(Duration.ofSeconds(10)).staleIfError(Duration.ofMinutes(10)).build(),
        upstream())).build(), origin);
    assertStoredMiss(client.get("/p/item"));
    wiremock().stubFor(get("/origin/item").willReturn(serviceUnavailable().withBody("down")));
    clock.advance(Duration.ofMinutes(1));

    Reply stale = client.get("/p/item");

    assertThat(stale.text()).isEqualTo("old item");
    assertThat(stale.cacheStatus())
        .isEqualTo("daramjwee; fwd=stale; fwd-status=503; ttl=-50; detail=hot");
  }

  @Test
  void collapsedRequest_namesTheTierTheLeadersFillWasServedFrom() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    origin.on("/herd", (request, response, call) -> {
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      write(response, "herd body " + call);
    });
    start(filter(namedTiers()).route(Route.controller("/herd", rules("herd").build())).build(),
        origin);
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      Future<Reply> leader = clients.submit(() -> client.get("/herd"));
      await("the leader in the controller").until(() -> origin.calls("/herd") == 1);
      Future<Reply> follower = clients.submit(() -> client.get("/herd"));
      await("the follower waiting on the leader's fill").until(() -> server.inFlight() == 2);
      release.countDown();

      assertStoredMiss(leader.get(10, TimeUnit.SECONDS));
      Reply collapsed = follower.get(10, TimeUnit.SECONDS);
      // RFC 9211 §2.6: it went forward by another request's forward request.
      assertThat(collapsed.cacheStatus())
          .isEqualTo("daramjwee; fwd=miss; ttl=60; collapsed; detail=hot");
      assertThat(collapsed.text()).isEqualTo("herd body 1");
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * A tier that can lose what it holds, as an eviction would, and tell when the lower tier got a
   * copy of it. Thread-safe.
   */
  private static final class ForgetfulStore extends ForwardingStore {
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    ForgetfulStore(Store delegate) {
      super(delegate);
    }

    @Override
    public StoreWriter setWithWriter(String key, Metadata metadata) throws IOException {
      keys.add(key);
      return super.setWithWriter(key, metadata);
    }

    void awaitCopiedInto(Store lower) {
      await("the copy into the lower tier").until(() -> {
        for (String key : keys) {
          if (lower.stat(key) == null) {
            return false;
          }
        }
        return !keys.isEmpty();
      });
    }

    void forgetAll() throws IOException {
      for (String key : keys) {
        delegate().delete(key);
      }
    }
  }
}
