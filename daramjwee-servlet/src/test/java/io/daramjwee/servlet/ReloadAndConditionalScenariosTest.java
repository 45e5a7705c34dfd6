package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.text;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a browser sends on a controller route beyond a plain GET: a reload's
 * {@code Cache-Control}, a {@code Range}, validators. The cache answers them from its entry; the
 * controller never sees them, so it can neither be forced to run nor answer something unstorable.
 */
class ReloadAndConditionalScenariosTest extends FilterScenarios {

  @Test
  void browserReload_isAHit_andKeepsTheEntryThatStandsInForA500Later() throws Exception {
    origin.on("/article", (request, response, call) -> {
      if (call > 1) {
        response.sendError(500);
        return;
      }
      write(response, "article " + call);
    });
    start(Route.controller("/article", rules("article").freshFor(Duration.ofSeconds(10))
        .staleIfError(Duration.ofMinutes(10)).build()));
    assertStoredMiss(client.get("/article"));

    Reply maxAgeZero = client.get("/article", "Cache-Control", "max-age=0");
    Reply noCache = client.get("/article", "Cache-Control", "no-cache");
    assertHit(maxAgeZero);
    assertHit(noCache);
    assertThat(noCache.text()).isEqualTo("article 1");
    assertThat(origin.calls("/article")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    Reply standIn = client.get("/article", "Cache-Control", "no-cache");

    assertStaleFallback(standIn, 500);
    assertThat(standIn.status()).isEqualTo(200);
    assertThat(standIn.text()).isEqualTo("article 1");
    assertThat(origin.calls("/article")).isEqualTo(2);
  }

  @Test
  void rangeAndValidatorsOnAMiss_areHiddenFromTheController_andTheFullBodyIsStored()
      throws Exception {
    byte[] body = new byte[100];
    Arrays.fill(body, (byte) 'x');
    List<List<String>> seen = new CopyOnWriteArrayList<>();
    origin.on("/clip", (request, response, call) -> {
      seen.add(Collections.list(request.getHeaderNames()).stream()
          .map(n -> n.toLowerCase(Locale.ROOT)).toList());
      if (request.getHeader("Range") != null) {
        response.setStatus(206); // a controller honouring Range itself
        response.setHeader("Content-Range", "bytes 0-9/100");
        response.getOutputStream().write(body, 0, 10);
      } else if (request.getHeader("If-None-Match") != null) {
        response.setStatus(304);
      } else {
        response.setContentType("application/octet-stream");
        response.getOutputStream().write(body);
      }
    });
    start(Route.controller("/clip", rules("clip").build()));

    Reply miss = client.get("/clip", "Range", "bytes=0-9", "If-None-Match", "\"old\"");
    Reply range = client.get("/clip", "Range", "bytes=0-9");

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).as("headers the controller saw")
        .doesNotContain("range", "if-none-match");
    assertStoredMiss(miss);
    assertHit(range);
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.header("Content-Range")).isEqualTo("bytes 0-9/100");
    assertThat(range.body()).hasSize(10);
    assertThat(origin.calls("/clip")).isEqualTo(1);
  }

  @Test
  void computedEtag_isWeak_andRevalidatesInWeakAndStrongForm() throws Exception {
    origin.on("/tag", text("tagged body"));
    start(Route.controller("/tag", rules("tag").build()));
    assertStoredMiss(client.get("/tag"));

    String etag = client.get("/tag").header("ETag");
    assertThat(etag).hasSize(26).startsWith("W/\"").endsWith("\"");
    Reply weak = client.get("/tag", "If-None-Match", etag);
    Reply strong = client.get("/tag", "If-None-Match", etag.substring(2));

    assertThat(weak.status()).isEqualTo(304);
    assertThat(strong.status()).as("the tag without W/").isEqualTo(304);
    assertThat(strong.body()).isEmpty();
    assertThat(origin.calls("/tag")).isEqualTo(1);
  }
}
