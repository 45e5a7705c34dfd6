package io.daramjwee.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RouteRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A WireMock server as the upstream, started once per test class and reset before each test, and
 * a fresh {@link Upstream} on it per test, with helpers that keep each scenario a few lines.
 */
abstract class WireMockUpstreamTest {

  /** The client's address as the servlet layer would report it. */
  static final String CLIENT = "203.0.113.7";

  static WireMockServer origin;

  Upstream upstream;

  @BeforeAll
  static void startOrigin() {
    origin = new WireMockServer(options().dynamicPort());
    origin.start();
  }

  @AfterAll
  static void stopOrigin() {
    origin.stop();
  }

  @BeforeEach
  void newUpstream() {
    origin.resetAll();
    upstream = upstream(b -> b);
  }

  @AfterEach
  void closeUpstream() throws IOException {
    upstream.close();
  }

  /** An upstream on the WireMock server, configured by {@code settings}; the test closes it. */
  static Upstream upstream(UnaryOperator<Upstream.Builder> settings) {
    return settings.apply(Upstream.builder(URI.create(origin.baseUrl()))).build();
  }

  static RouteRules rules() {
    return RouteRules.builder("proxy").build();
  }

  /** A client's {@code GET} of {@code pathAndQuery} with header fields as name, value pairs. */
  static UpstreamRequest clientGet(String pathAndQuery, String... headers) {
    return clientRequest("GET", pathAndQuery, headers);
  }

  static UpstreamRequest clientRequest(String method, String pathAndQuery, String... headers) {
    return new UpstreamRequest(method, pathAndQuery, Headers.of(headers), CLIENT, "https",
        "shop.example");
  }

  static String text(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The one request the upstream received. */
  static LoggedRequest received() {
    List<LoggedRequest> all = origin.findAll(anyRequestedFor(anyUrl()));
    if (all.size() != 1) {
      throw new AssertionError("expected one request upstream, got " + all.size());
    }
    return all.get(0);
  }
}
