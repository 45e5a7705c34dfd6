package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.Store;
import io.daramjwee.StoredEntry;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.ForwardingStore;
import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Revalidation with validators on controller routes (RFC 9111 §4.3): the stored {@code ETag} and
 * {@code Last-Modified} go to the controller as {@code If-None-Match} and
 * {@code If-Modified-Since}, both on the background refresh of a stale entry and on the miss that
 * replaces an expired one, and a controller's 304 renews the entry (§4.3.4) instead of sending its
 * body again. The controller here checks the validators itself ({@link ValidatingHandler}), as
 * Spring MVC does for a {@code ResponseEntity} with an {@code eTag} or {@code lastModified}.
 */
class ControllerRevalidationScenariosTest extends FilterScenarios {

  private static final String LAST_MODIFIED = "Tue, 15 Nov 1994 12:45:26 GMT";

  private DaramjweeCache cache;

  /** Starts a route fresh for 10 s, then stale for {@code staleFor}, over everything. */
  private void startRoute(Duration staleFor) throws Exception {
    cache = memoryCache();
    start(filter(cache).route(Route.controller("/**", rules("docs")
        .freshFor(Duration.ofSeconds(10)).staleFor(staleFor).build())).build(), origin);
  }

  @Test
  void staleRefresh_sendsBothValidators_andTheControllers304RenewsTheEntry_rfc9111_4_3_4()
      throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", LAST_MODIFIED);
    origin.on("/doc", doc);
    startRoute(Duration.ofSeconds(60));
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(15));

    Reply stale = client.get("/doc");
    await("the refresh to be answered 304").until(() -> cache.stats().notModified() == 1);
    await("the renewed entry to be published").until(() -> cache.stats().published() == 2);
    Reply renewed = client.get("/doc");

    assertHit(stale);
    assertThat(ttl(stale)).isNegative();
    assertHit(renewed);
    assertThat(ttl(renewed)).as("fresh again, from the 304").isPositive();
    assertThat(renewed.text()).isEqualTo("the document");
    assertThat(renewed.header("X-Rendered")).as("§4.3.4: the 304's fields replace the stored")
        .isEqualTo("call 2");
    assertThat(doc.validators).containsExactly("null | null", "\"v1\" | " + LAST_MODIFIED);
    assertThat(origin.calls("/doc")).isEqualTo(2);
    assertThat(doc.bodies).as("full bodies the controller sent").hasValue(1);
  }

  @Test
  void staleRefresh_withOnlyLastModified_revalidatesByIfModifiedSince_rfc9111_4_3_1()
      throws Exception {
    ValidatingHandler doc = new ValidatingHandler(null, LAST_MODIFIED);
    origin.on("/dated", doc);
    startRoute(Duration.ofSeconds(60));
    assertStoredMiss(client.get("/dated"));
    clock.advance(Duration.ofSeconds(15));

    assertHit(client.get("/dated"));
    await("the refresh to be answered 304").until(() -> cache.stats().notModified() == 1);
    await("the renewed entry to be published").until(() -> cache.stats().published() == 2);
    Reply renewed = client.get("/dated");

    assertHit(renewed);
    assertThat(ttl(renewed)).isPositive();
    assertThat(renewed.text()).isEqualTo("the document");
    // The entry's only entity-tag is the cache's own digest, which the controller never issued:
    // not sent, so If-Modified-Since decides (RFC 9110 §13.2.2).
    assertThat(doc.validators).containsExactly("null | null", "null | " + LAST_MODIFIED);
    assertThat(doc.bodies).hasValue(1);
  }

  @Test
  void expiredEntry_missSendsTheValidators_andA304ServesTheStoredBodyRenewed_rfc9111_4_3_4()
      throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", LAST_MODIFIED);
    origin.on("/doc", doc);
    startRoute(Duration.ZERO);
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(15));

    Reply revalidated = client.get("/doc");
    Reply after = client.get("/doc");

    assertThat(revalidated.status()).as("the controller's 304 never reaches the client")
        .isEqualTo(200);
    assertThat(revalidated.text()).isEqualTo("the document");
    assertThat(revalidated.header("X-Rendered")).isEqualTo("call 2");
    Member m = Member.of(revalidated);
    assertThat(m.forward()).isEqualTo("stale");
    assertThat(m.param("fwd-status")).isEqualTo("304");
    assertHit(after);
    assertThat(ttl(after)).isPositive();
    assertThat(after.text()).isEqualTo("the document");
    assertThat(doc.validators).containsExactly("null | null", "\"v1\" | " + LAST_MODIFIED);
    assertThat(origin.calls("/doc")).isEqualTo(2);
    assertThat(doc.bodies).as("full bodies the controller sent").hasValue(1);
  }

  @Test
  void expiredEntry_clientsOwnValidators_areAnsweredByTheCacheFromTheRenewedEntry()
      throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", LAST_MODIFIED);
    origin.on("/doc", doc);
    startRoute(Duration.ZERO);
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(15));

    Reply matching = client.get("/doc", "If-None-Match", "\"v1\"");
    // Answered 304, the client needs no body: the renewal is copied behind it.
    await("the renewal to be published").until(() -> cache.stats().published() == 2);
    clock.advance(Duration.ofSeconds(15));
    Reply other = client.get("/doc", "If-None-Match", "\"v0\"");

    assertThat(matching.status()).as("RFC 9110 §13.1.2, from the renewed entry").isEqualTo(304);
    assertThat(matching.body()).isEmpty();
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.text()).isEqualTo("the document");
    assertThat(doc.validators).as("the controller saw the cache's validators, never the client's")
        .containsExactly("null | null", "\"v1\" | " + LAST_MODIFIED,
            "\"v1\" | " + LAST_MODIFIED);
    assertThat(doc.bodies).hasValue(1);
  }

  @Test
  void expiredEntry_changedDocument_isStoredInItsPlace() throws Exception {
    origin.on("/doc", (request, response, call) -> {
      response.setHeader("ETag", "\"v" + call + "\"");
      if (("\"v" + call + "\"").equals(request.getHeader("If-None-Match"))) {
        response.setStatus(304);
        return;
      }
      write(response, "version " + call);
    });
    startRoute(Duration.ZERO);
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(15));

    Reply changed = client.get("/doc");
    Reply after = client.get("/doc");

    assertStoredMiss(changed);
    assertThat(changed.text()).isEqualTo("version 2");
    assertHit(after);
    assertThat(after.text()).isEqualTo("version 2");
    assertThat(after.header("ETag")).isEqualTo("\"v2\"");
  }

  @Test
  void expiredEntryAHardPurgeCovers_isNotRevalidated_soNo304CanRenewIt() throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", LAST_MODIFIED);
    origin.on("/doc", doc);
    DaramjweeFilter filter = filter(memoryCache()).route(Route.controller("/**",
        rules("docs").freshFor(Duration.ofSeconds(10)).build())).build();
    start(filter, origin);
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(15));
    filter.purgePath("/doc");
    clock.advance(Duration.ofSeconds(1));

    Reply afterPurge = client.get("/doc");

    assertStoredMiss(afterPurge);
    assertThat(afterPurge.text()).isEqualTo("the document");
    assertThat(doc.validators).containsExactly("null | null", "null | null");
    assertThat(doc.bodies).hasValue(2);
  }

  /**
   * Spring MVC answers a matching {@code ResponseEntity.eTag(...)} with a 304 that it flushes
   * ({@code ServletServerHttpResponse.flush()} calls {@code flushBuffer()}): the fill decides at
   * the flush, before anything is committed, and the renewed entry goes out instead.
   */
  @Test
  void expiredEntry_a304ThatTheControllerFlushes_isStillReplacedByTheStoredBody()
      throws Exception {
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", null);
    origin.on("/doc", (request, response, call) -> {
      doc.handle(request, response, call);
      response.flushBuffer();
    });
    startRoute(Duration.ZERO);
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(15));

    Reply revalidated = client.get("/doc");

    assertThat(revalidated.status()).isEqualTo(200);
    assertThat(revalidated.text()).isEqualTo("the document");
    assertThat(Member.of(revalidated).param("fwd-status")).isEqualTo("304");
    assertThat(doc.bodies).hasValue(1);
  }

  /**
   * The entry is deleted while the controller revalidates it (an eviction or a purge racing the
   * miss): its 304 answers nothing the client asked, and the filter cannot run the controller a
   * second time, so the client gets an empty 502; the next request is a plain miss.
   */
  @Test
  void expiredEntryGoneBeforeThe304_isAnEmpty502_andTheNextRequestFillsAgain() throws Exception {
    Set<String> keys = ConcurrentHashMap.newKeySet();
    Store tier = new ForwardingStore(MemoryStore.builder().capacity(1 << 20).build()) {
      @Override
      public StoredEntry getStream(String key) throws IOException {
        keys.add(key);
        return super.getStream(key);
      }
    };
    ValidatingHandler doc = new ValidatingHandler("\"v1\"", null);
    origin.on("/doc", (request, response, call) -> {
      if (request.getHeader("If-None-Match") != null) {
        for (String key : keys) {
          tier.delete(key);
        }
      }
      doc.handle(request, response, call);
    });
    start(filter(cache(tier)).route(Route.controller("/**", rules("docs")
        .freshFor(Duration.ofSeconds(10)).build())).build(), origin);
    assertStoredMiss(client.get("/doc"));
    clock.advance(Duration.ofSeconds(15));

    Reply gone = client.get("/doc");
    Reply again = client.get("/doc");

    assertThat(gone.status()).isEqualTo(502);
    assertThat(gone.body()).isEmpty();
    assertThat(Member.of(gone).param("fwd-status")).isEqualTo("304");
    assertStoredMiss(again);
    assertThat(again.text()).isEqualTo("the document");
    assertThat(doc.validators).containsExactly("null | null", "\"v1\" | null", "null | null");
  }
}
