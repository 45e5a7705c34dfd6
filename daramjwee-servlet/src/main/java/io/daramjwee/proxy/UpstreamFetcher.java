package io.daramjwee.proxy;

import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Metadata;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.OriginResults;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.RouteRules;
import java.io.IOException;
import java.util.Objects;

/**
 * A cache fetch of one request from an {@link HttpUpstream}: a {@code GET} with the headers
 * {@link ForwardedHeaders#forFetch} allows, conditional when revalidating, whose response becomes
 * a {@link FetchResult} as {@link OriginResults} decides.
 *
 * <p>Immutable, so thread-safe: everything it needs from the client's request is copied when it is
 * made, and it may run later on a worker thread, after that request has ended.
 */
final class UpstreamFetcher implements Fetcher {

  private final HttpUpstream upstream;
  private final RouteRules rules;
  private final String pathAndQuery;
  private final Headers headers;
  private final RequestHead requestHead;

  UpstreamFetcher(HttpUpstream upstream, RouteRules rules, UpstreamRequest request) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.rules = Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(request, "request");
    this.pathAndQuery = request.pathAndQuery();
    this.headers = ForwardedHeaders.forFetch(rules, request, upstream.userAgent());
    int q = pathAndQuery.indexOf('?');
    // The storage decision reads the method and the request's Cache-Control, not the path; the
    // raw path stands in for the decoded one RequestHead describes.
    this.requestHead = RequestHead.get(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
        q < 0 ? null : pathAndQuery.substring(q + 1), headers);
  }

  @Override
  public FetchResult fetch(Metadata previous) throws IOException {
    Headers sent = previous == null ? headers : ForwardedHeaders.withValidators(headers, previous);
    UpstreamResponse response = upstream.send("GET", pathAndQuery, sent, null, -1);
    boolean handedOver = false;
    try {
      FetchResult result = result(previous, response);
      handedOver = result.body() != null;
      return result;
    } finally {
      if (!handedOver) {
        // Before EOF this discards the connection: an error page is not worth reading.
        response.close();
      }
    }
  }

  private FetchResult result(Metadata previous, UpstreamResponse response) throws IOException {
    int status = response.status();
    String what = HttpUpstream.describe("GET", pathAndQuery);
    if (status >= 500 && status <= 599) {
      // The cache may stand a stale entry in for it (stale-if-error); else the client gets 502.
      throw new UpstreamException(502, status,
          "upstream " + upstream.name() + " answered " + status + " for " + what);
    }
    try {
      return OriginResults.of(rules, requestHead, new ResponseHead(status, response.headers()),
          response.body(), previous);
    } catch (IllegalArgumentException e) {
      throw new IOException("the entry revalidated by " + what + " holds no response head", e);
    }
  }
}
