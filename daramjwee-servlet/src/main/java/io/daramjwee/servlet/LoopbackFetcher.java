package io.daramjwee.servlet;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.Headers;
import io.daramjwee.http.OriginResults;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.StoredResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Refreshes a controller route's entry from a worker thread by asking the application itself: a
 * GET to its own port carrying the {@link RefreshToken}, which the filter lets through to the
 * controller uncached. It carries the values of the headers the key varies on, so the controller
 * renders the same variant, and nothing of the request that scheduled it (which is long gone).
 * Immutable; thread-safe.
 */
final class LoopbackFetcher implements Fetcher {

  private final HttpClient client;
  private final URI target;
  private final Headers keyed; // the request's values of the headers its key varies on
  private final RouteRules rules;
  private final RequestHead cacheRequest;
  private final String token;
  private final Duration timeout;

  LoopbackFetcher(HttpClient client, URI target, Headers keyed, RouteRules rules,
      RequestHead cacheRequest, String token, Duration timeout) {
    this.client = client;
    this.target = target;
    this.keyed = keyed;
    this.rules = rules;
    this.cacheRequest = cacheRequest;
    this.token = token;
    this.timeout = timeout;
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().timeout(timeout)
        .header(RefreshToken.HEADER, token);
    for (Headers.Field field : keyed.fields()) {
      request.header(field.name(), field.value());
    }
    String etag = previous == null ? null : StoredResponse.etag(previous);
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("refresh of " + cacheRequest.path() + " was interrupted", e);
    }
    InputStream body = response.body();
    if (response.statusCode() >= 500) {
      body.close();
      throw new IOException("refresh of " + cacheRequest.path() + ": the controller answered "
          + response.statusCode());
    }
    Headers.Builder headers = Headers.builder();
    for (Map.Entry<String, List<String>> field : response.headers().map().entrySet()) {
      if (field.getKey().startsWith(":")) {
        continue; // HTTP/2 pseudo-headers
      }
      for (String value : field.getValue()) {
        headers.add(field.getKey(), value);
      }
    }
    return OriginResults.of(rules, cacheRequest,
        new ResponseHead(response.statusCode(), headers.build()), body, previous);
  }

  @Override
  public String toString() {
    return "LoopbackFetcher{" + cacheRequest.path() + "}";
  }
}
