package io.daramjwee.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.daramjwee.servlet.ScriptedOrigin.write;
import static io.daramjwee.servlet.StorageRulesScenariosTest.HTTP_DATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.daramjwee.testing.TestClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client's conditional GET answered from a stored entry (RFC 9110 §13), on both route kinds:
 * {@code If-None-Match} with weak comparison, lists and {@code *}, and taking precedence over
 * {@code If-Modified-Since}; {@code If-Modified-Since} against the stored {@code Last-Modified},
 * else the stored {@code Date}, else the time the entry was stored (RFC 9111 §4.3.2). Every
 * answer here comes from the cache: the origin runs once per test.
 */
class ConditionalScenariosTest extends FilterScenarios {

  /** Where the stored response comes from. */
  enum Kind { CONTROLLER, PROXY }

  private static final Instant MODIFIED = Instant.parse("2026-01-15T10:00:00Z");
  private static final String LM = HTTP_DATE.format(MODIFIED);

  /**
   * Serves {@code /doc} as 200 "doc" with {@code fields} and {@code max-age=600} from a
   * controller or a WireMock upstream, fills the cache with one GET, and returns the path.
   */
  private String stored(Kind kind, String... fields) throws Exception {
    if (kind == Kind.CONTROLLER) {
      origin.on("/doc", (request, response, call) -> {
        response.setHeader("Cache-Control", "max-age=600");
        for (int i = 0; i < fields.length; i += 2) {
          response.setHeader(fields[i], fields[i + 1]);
        }
        write(response, "doc");
      });
      start(Route.controller("/doc", rules("doc").build()));
    } else {
      ResponseDefinitionBuilder answer = ok("doc").withHeader("Cache-Control", "max-age=600");
      for (int i = 0; i < fields.length; i += 2) {
        answer.withHeader(fields[i], fields[i + 1]);
      }
      wiremock().stubFor(get("/origin/doc").willReturn(answer));
      start(Route.proxy("/p/**", rules("p-doc").build(), upstream()));
    }
    String path = kind == Kind.CONTROLLER ? "/doc" : "/p/doc";
    assertStoredMiss(client.get(path));
    return path;
  }

  private void assertOriginRanOnce(Kind kind) {
    if (kind == Kind.CONTROLLER) {
      assertThat(origin.calls("/doc")).isEqualTo(1);
    } else {
      wiremock().verify(1, getRequestedFor(urlEqualTo("/origin/doc")));
    }
  }

  private static void assertNotModified(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(304);
    assertThat(reply.body()).isEmpty();
  }

  private static void assertFull(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("doc");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ifNoneMatch_weakComparison_listsAndStar(Kind kind) throws Exception {
    // RFC 9110 §13.1.2 with the weak comparison of §8.8.3.2.
    String path = stored(kind, "ETag", "\"v1\"");

    assertNotModified(client.get(path, "If-None-Match", "\"v1\""));
    assertNotModified(client.get(path, "If-None-Match", "W/\"v1\""));
    assertNotModified(client.get(path, "If-None-Match", "\"x\", W/\"v1\""));
    assertNotModified(client.get(path, "If-None-Match", "*"));
    assertFull(client.get(path, "If-None-Match", "\"x\", \"y\""));
    assertFull(client.get(path, "If-None-Match", "\"V1\""));
    assertOriginRanOnce(kind);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ifNoneMatch_takesPrecedenceOverIfModifiedSince(Kind kind) throws Exception {
    // RFC 9110 §13.2.2: If-Modified-Since is not evaluated when If-None-Match is present.
    String path = stored(kind, "ETag", "\"v1\"", "Last-Modified", LM);

    assertFull(client.get(path, "If-None-Match", "\"v2\"", "If-Modified-Since", LM));
    assertNotModified(client.get(path, "If-None-Match", "\"v1\"", "If-Modified-Since",
        HTTP_DATE.format(MODIFIED.minus(Duration.ofHours(1)))));
    assertOriginRanOnce(kind);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ifModifiedSince_isAnsweredFromTheStoredLastModified(Kind kind) throws Exception {
    // RFC 9110 §13.1.3; the date in any case (RFC 9110 §5.6.7, read leniently).
    String path = stored(kind, "Last-Modified", LM);

    assertNotModified(client.get(path, "If-Modified-Since", LM));
    assertNotModified(client.get(path, "If-Modified-Since",
        HTTP_DATE.format(MODIFIED.plusSeconds(1))));
    assertNotModified(client.get(path, "If-Modified-Since", LM.toLowerCase(Locale.ROOT)));
    assertFull(client.get(path, "If-Modified-Since", HTTP_DATE.format(MODIFIED.minusSeconds(1))));
    assertFull(client.get(path, "If-Modified-Since", "yesterday"));
    assertOriginRanOnce(kind);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void ifModifiedSince_withoutLastModified_isAnsweredFromTheStoredDate(Kind kind)
      throws Exception {
    // RFC 9111 §4.3.2: "use the stored response's Date field value".
    Instant date = clock.instant().minus(Duration.ofMinutes(5));
    String path = stored(kind, "Date", HTTP_DATE.format(date));

    assertNotModified(client.get(path, "If-Modified-Since", HTTP_DATE.format(date)));
    assertFull(client.get(path, "If-Modified-Since", HTTP_DATE.format(date.minusSeconds(1))));
    assertOriginRanOnce(kind);
  }

  @Test
  void ifModifiedSince_withoutLastModifiedOrDate_isAnsweredFromWhenItWasStored()
      throws Exception {
    // RFC 9111 §4.3.2: "(or, if no Date field is present, the time that the stored response
    // was received)". A controller's response is captured before the container adds Date.
    Instant storedAt = clock.instant();
    String path = stored(Kind.CONTROLLER);
    clock.advance(Duration.ofSeconds(30));

    assertNotModified(client.get(path, "If-Modified-Since", HTTP_DATE.format(storedAt)));
    assertFull(client.get(path, "If-Modified-Since",
        HTTP_DATE.format(storedAt.minusSeconds(1))));
    assertOriginRanOnce(Kind.CONTROLLER);
  }
}
