package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.FetchResult;
import io.daramjwee.Lookup;
import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.CacheOutcome;
import io.daramjwee.http.CacheOutcome.Condition;
import io.daramjwee.http.CacheOutcome.Origin;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestFreshness;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.RequestPolicy;
import io.daramjwee.proxy.Upstream;
import io.daramjwee.proxy.UpstreamException;
import io.daramjwee.proxy.UpstreamRequest;
import io.daramjwee.proxy.UpstreamResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request on a proxy route: GET through the cache with the route's upstream as the origin
 * (coalesced, revalidated with validators, stale-if-error when it fails); everything else passed
 * through uncached, an unsafe method invalidating the entry when it succeeds. An upstream that
 * fails with nothing to stand in for it is answered 502 or 504 with a short plain-text body. One
 * per filter; each request comes as an {@link Exchange}, and its outcome is decided once by
 * {@link CacheOutcome}, when what the cache and the upstream did is known. What a fetch stores is
 * tagged, and the tag header kept from clients unless the filter exposes it ({@link EntryTagger}).
 * Thread-safe: it holds only thread-safe collaborators.
 */
final class ProxyFlow {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyFlow.class);

  private final CacheGate cache;
  private final FilterState state;
  private final Outcomes outcomes;
  private final EntryTagger tagger;

  ProxyFlow(CacheGate cache, FilterState state, Outcomes outcomes, EntryTagger tagger) {
    this.cache = cache;
    this.state = state;
    this.outcomes = outcomes;
    this.tagger = tagger;
  }

  void serve(Exchange exchange) throws IOException {
    Route route = exchange.route();
    exchange.read(Requests.head(exchange.request()));
    // The scheme is sent upstream (X-Forwarded-Proto), so it is part of the key.
    String scheme = exchange.request().getScheme();
    RequestPolicy.Decision decision = RequestPolicy.decide(route.rules(), exchange.head());
    boolean onlyIfCached = RequestFreshness.onlyIfCached(exchange.head());
    if (decision.action() == RequestPolicy.Action.BYPASS && onlyIfCached) {
      OnlyIfCached.unavailable(outcomes, exchange); // RFC 9111 §5.2.1.7: no upstream request
      return;
    }
    if (decision.action() == RequestPolicy.Action.BYPASS) {
      boolean unsafe = decision.reason() == RequestPolicy.Reason.METHOD;
      pass(exchange, unsafe ? Condition.BYPASS_METHOD : Condition.BYPASS_REQUEST);
      if (unsafe) {
        UnsafeInvalidation.apply(exchange, exchange.response(), state, cache,
            KeyedRequest.of(route, exchange.head(), scheme).key());
      }
      return;
    }
    exchange.key(KeyedRequest.of(route, exchange.head(), scheme));
    if (!onlyIfCached && state.passMarked(exchange.key())) {
      pass(exchange, Condition.PASS);
      return;
    }
    // What the fetch sends depends only on what the key holds: the decoded path, the canonical
    // query. Built only if a fetch runs, so a hit pays for none of it.
    UpstreamRequest get = cacheFetch(exchange);
    Upstream upstream = route.upstream();
    String path = exchange.head().path();
    GuardedFetcher fetcher = new GuardedFetcher(
        previous -> tagger.tagProxied(upstream.fetcher(route.rules(), get).fetch(previous),
            route, path),
        exchange.head().headers()::all);
    if (onlyIfCached) {
      OnlyIfCached.serve(cache, outcomes, exchange, keyed -> fetcher);
      return;
    }
    if (exchange.isHead()) {
      head(exchange, fetcher);
      return;
    }
    CacheResponse answer;
    try {
      answer = cache.get(exchange, fetcher);
    } catch (UpstreamException e) {
      gatewayError(exchange, e.gatewayStatus(), e,
          CacheOutcome.decide(null, Origin.FAILED, Condition.NONE));
      return;
    } catch (IOException | RuntimeException e) {
      if (fetcher.outcome() == null && fetcher.failure() == null) {
        if (e instanceof HeldBackException) {
          LOG.debug("passing through: {}", e.getMessage());
        } else {
          LOG.warn("cache failed on route {}; passing through", route.id(), e);
        }
        pass(exchange, Condition.CACHE_FAILED);
        return;
      }
      gatewayError(exchange, HttpServletResponse.SC_BAD_GATEWAY, e,
          CacheOutcome.decide(null, Origin.FAILED, Condition.NONE));
      return;
    }
    CacheOutcome outcome = CacheOutcome.decide(answer.source(), origin(answer, fetcher),
        condition(answer, exchange, fetcher));
    if (outcomes.serve(exchange, answer, outcome) < 0) {
      pass(exchange, Condition.CACHE_FAILED);
    }
  }

  /**
   * What the upstream did for this request: the status of its answer, or how it failed when a
   * stale entry stood in for it.
   */
  private static Origin origin(CacheResponse answer, GuardedFetcher fetcher) {
    if (answer.source() == CacheResponse.Source.ORIGIN) {
      try {
        return Origin.answered(EntryView.of(answer.metadata()).head.status());
      } catch (IllegalArgumentException e) {
        return Origin.NONE; // not a stored response: serving it fails and passes through
      }
    }
    if (answer.source() == CacheResponse.Source.STALE_IF_ERROR && fetcher.failure() != null) {
      return fetcher.failure() instanceof UpstreamException u && u.upstreamStatus() > 0
          ? Origin.answered(u.upstreamStatus()) : Origin.FAILED;
    }
    return Origin.NONE;
  }

  /**
   * Whether the upstream's answer is being stored, and if not, whether that should send the key
   * past coalescing for a while: when the response itself forbids sharing, not for a status
   * (which input outside the key may cause; one client must not turn the cache off for
   * everybody).
   */
  private static Condition condition(CacheResponse answer, Exchange exchange,
      GuardedFetcher fetcher) {
    if (answer.source() != CacheResponse.Source.ORIGIN
        || fetcher.outcome() == FetchResult.Kind.BODY) {
      return Condition.NONE;
    }
    if (fetcher.outcome() != FetchResult.Kind.NO_STORE) {
      return Condition.NOT_STORED;
    }
    try {
      int status = EntryView.of(answer.metadata()).head.status();
      return exchange.route().rules().storableStatuses().contains(status)
          ? Condition.UNCACHEABLE : Condition.NOT_STORED;
    } catch (IllegalArgumentException e) {
      return Condition.NOT_STORED;
    }
  }

  /** HEAD: served from the GET entry when there is one, else passed through as a HEAD. */
  private void head(Exchange exchange, GuardedFetcher fetcher) throws IOException {
    Condition passed = Condition.NOT_STORED;
    try (Lookup lookup = cache.peek(exchange, fetcher)) {
      CacheResponse answer = lookup.answer();
      if (answer != null && !cache.purged(exchange, answer)) {
        CacheOutcome outcome = CacheOutcome.decide(answer.source(), Origin.NONE, Condition.NONE);
        if (outcomes.serve(exchange, answer, outcome) >= 0) {
          return;
        }
        passed = Condition.CACHE_FAILED;
      }
      if (!lookup.isSettled()) {
        lookup.pass();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache lookup failed on route {}; passing through", exchange.route().id(), e);
      passed = Condition.CACHE_FAILED;
    }
    pass(exchange, passed);
  }

  /**
   * Forwards the request uncached (with its own method and whole query) and copies the answer
   * back, its outcome decided under {@code condition} once the upstream answered; returns its
   * status.
   */
  private int pass(Exchange exchange, Condition condition) throws IOException {
    HttpServletRequest request = exchange.request();
    UpstreamRequest upstreamRequest = upstreamRequest(exchange, exchange.head().method(),
        exchange.head().rawQuery());
    UpstreamResponse answer;
    try {
      long length = request.getContentLengthLong();
      boolean hasBody = length > 0 || request.getHeader("Transfer-Encoding") != null;
      InputStream body = hasBody ? request.getInputStream() : null;
      answer = exchange.route().upstream().exchange(upstreamRequest, body, hasBody ? length : -1);
    } catch (UpstreamException e) {
      gatewayError(exchange, e.gatewayStatus(), e,
          CacheOutcome.decide(null, Origin.FAILED, condition));
      return e.gatewayStatus();
    } catch (IOException | RuntimeException e) {
      // The client's body could not be read: counted as what it was; the failure is the client's.
      outcomes.count(exchange, CacheOutcome.decide(null, Origin.NONE, condition),
          CacheResponse.ORIGIN);
      throw e;
    }
    try (answer) {
      CacheOutcome outcome =
          CacheOutcome.decide(null, Origin.answered(answer.status()), condition);
      outcomes.count(exchange, outcome, CacheResponse.ORIGIN);
      HttpServletResponse response = exchange.response();
      response.setStatus(answer.status());
      for (Headers.Field field : answer.headers().fields()) {
        if (!field.name().equalsIgnoreCase(tagger.hiddenField())) {
          response.addHeader(field.name(), field.value());
        }
      }
      outcomes.send(response, outcome);
      if (!upstreamRequest.method().equals("HEAD")) {
        answer.body().transferTo(response.getOutputStream());
      }
      return answer.status();
    }
  }

  /**
   * Counts {@code outcome}, then answers 502 or 504 with a short plain-text body; the details go
   * to the log, not to the client.
   */
  private void gatewayError(Exchange exchange, int status, Exception cause,
      CacheOutcome outcome) throws IOException {
    outcomes.count(exchange, outcome, CacheResponse.ORIGIN);
    LOG.warn("upstream failed, answering {}: {}", status, cause.getMessage());
    HttpServletResponse response = exchange.response();
    if (response.isCommitted()) {
      throw new IOException("upstream failed after the response began", cause);
    }
    response.reset();
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    outcomes.send(response, outcome);
    String text = status == HttpServletResponse.SC_GATEWAY_TIMEOUT
        ? "504 Gateway Timeout: the upstream server did not answer in time.\n"
        : "502 Bad Gateway: the upstream server could not be reached or failed.\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The cache's GET: the key's decoded path re-encoded, and its canonical query. */
  private static UpstreamRequest cacheFetch(Exchange exchange) {
    Route route = exchange.route();
    String query = CacheKeys.canonicalQuery(exchange.head().rawQuery(), route.queryInclude,
        route.queryExclude);
    return upstreamRequest(exchange, "GET", query.isEmpty() ? null : query);
  }

  private static UpstreamRequest upstreamRequest(Exchange exchange, String method, String query) {
    HttpServletRequest request = exchange.request();
    RequestHead head = exchange.head();
    String path = Requests.encodePath(exchange.route().pathPattern().remainder(head.path()));
    String host = request.getHeader("Host");
    if (host == null) {
      host = request.getServerName() + ":" + request.getServerPort();
    }
    return new UpstreamRequest(method, query == null ? path : path + "?" + query,
        head.headers(), request.getRemoteAddr(), request.getScheme(), host);
  }
}
