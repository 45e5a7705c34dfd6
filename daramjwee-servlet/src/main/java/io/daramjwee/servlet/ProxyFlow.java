package io.daramjwee.servlet;

import io.daramjwee.CacheRequest;
import io.daramjwee.CacheResponse;
import io.daramjwee.FetchResult;
import io.daramjwee.Lookup;
import io.daramjwee.http.CacheKeys;
import io.daramjwee.http.CacheStatus;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.RequestPolicy;
import io.daramjwee.http.RouteRules;
import io.daramjwee.http.StoredResponse;
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
 * fails with nothing to stand in for it is answered 502 or 504 with a short plain-text body.
 * Stateless; thread-safe.
 */
final class ProxyFlow {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyFlow.class);

  private ProxyFlow() {}

  static void serve(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    RequestHead head = Requests.head(request);
    // The scheme is sent upstream (X-Forwarded-Proto), so it is part of the key.
    String scheme = request.getScheme();
    RequestPolicy.Decision decision = RequestPolicy.decide(route.rules(), head);
    if (decision.action() == RequestPolicy.Action.BYPASS) {
      boolean unsafe = decision.reason() == RequestPolicy.Reason.METHOD;
      Flows.report(settings, route, CacheResult.BYPASS, -1);
      int status = pass(settings, route, request, response, passThrough(route, request, head),
          CacheStatus.forward(unsafe ? CacheStatus.Forward.METHOD : CacheStatus.Forward.BYPASS));
      if (unsafe && Flows.isSuccess(status)) {
        Flows.invalidate(settings, KeyedRequest.of(route, head, settings.varyIndex, scheme).key());
      }
      return;
    }
    KeyedRequest keyed = KeyedRequest.of(route, head, settings.varyIndex, scheme);
    if (settings.passMarks.isMarked(keyed.key())) {
      Flows.report(settings, route, CacheResult.PASS, -1);
      pass(settings, route, request, response, passThrough(route, request, head),
          CacheStatus.forward(CacheStatus.Forward.BYPASS).withDetail("uncacheable"));
      return;
    }
    // What the fetch sends depends only on what the key holds: the decoded path, the canonical
    // query. Built only if a fetch runs, so a hit pays for none of it.
    UpstreamRequest get = cacheFetch(route, request, head);
    Upstream upstream = route.upstream();
    GuardedFetcher fetcher = new GuardedFetcher(
        previous -> upstream.fetcher(route.rules(), get).fetch(previous), null, keyed.baseKey(),
        keyed.keyedNames());
    CacheRequest condition = Flows.condition(head);
    if (head.method().equals("HEAD")) {
      head(settings, route, request, response, head, keyed, fetcher, condition);
      return;
    }
    CacheResponse answer;
    try {
      answer = get(settings, route, head, keyed, condition, fetcher);
    } catch (UpstreamException e) {
      Flows.report(settings, route, CacheResult.UPSTREAM_ERROR, -1);
      gatewayError(settings, response, e.gatewayStatus(), e);
      return;
    } catch (IOException | RuntimeException e) {
      if (fetcher.outcome() == null && fetcher.failure() == null) {
        LOG.warn("cache failed on route {}; passing through", route.id(), e);
        Flows.report(settings, route, CacheResult.ERROR, -1);
        pass(settings, route, request, response, passThrough(route, request, head),
            CacheStatus.forward(CacheStatus.Forward.MISS));
        return;
      }
      Flows.report(settings, route, CacheResult.UPSTREAM_ERROR, -1);
      gatewayError(settings, response, HttpServletResponse.SC_BAD_GATEWAY, e);
      return;
    }
    CacheStatus status = Flows.hitStatus(settings, answer);
    if (status != null && answer.stale() && fetcher.failure() != null) {
      // The upstream failed just now and a stale entry stands in (stale-if-error).
      status = CacheStatus.forward(CacheStatus.Forward.STALE);
      if (fetcher.failure() instanceof UpstreamException u && u.upstreamStatus() > 0) {
        status = status.withForwardStatus(u.upstreamStatus());
      }
    }
    if (status != null && answer.tier() == CacheResponse.ORIGIN) {
      try {
        status = status.withForwardStatus(EntryView.of(answer.metadata()).head.status());
      } catch (IllegalArgumentException e) {
        // not a stored response: HitResponder below says so and passes through
      }
      status = fetcher.outcome() == FetchResult.Kind.BODY ? status.withStored() : status;
    }
    if (answer.tier() == CacheResponse.ORIGIN && fetcher.outcome() == FetchResult.Kind.NO_STORE
        && marksPass(answer, route.rules())) {
      settings.passMarks.mark(keyed.key());
    }
    long sent = HitResponder.serve(answer, head, response, status, settings.clock.instant());
    if (sent >= 0) {
      Flows.reportAnswer(settings, route, answer, fetcher.failure() != null, sent);
    } else {
      Flows.report(settings, route, CacheResult.ERROR, -1);
      pass(settings, route, request, response, passThrough(route, request, head),
          CacheStatus.forward(CacheStatus.Forward.MISS));
    }
  }

  /**
   * The cache's answer for {@code keyed}; an entry a purge covers is dropped from every tier and
   * the key asked again, so the upstream answers.
   */
  private static CacheResponse get(FilterSettings settings, Route route, RequestHead head,
      KeyedRequest keyed, CacheRequest condition, GuardedFetcher fetcher) throws IOException {
    CacheResponse answer = settings.cache.get(keyed.key(), condition, fetcher);
    if (!Flows.purged(settings, route, head.path(), answer)) {
      return answer;
    }
    answer.close();
    Flows.invalidate(settings, keyed.key());
    return settings.cache.get(keyed.key(), condition, fetcher);
  }

  /**
   * Whether an unstored upstream answer should send the key past coalescing for a while: when
   * the response itself forbids sharing, not for a status (which input outside the key may
   * cause; one client must not turn the cache off for everybody).
   */
  private static boolean marksPass(CacheResponse answer, RouteRules rules) {
    try {
      int status = StoredResponse.decode(answer.metadata()).status();
      return rules.storableStatuses().contains(status);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** HEAD: served from the GET entry when there is one, else passed through as a HEAD. */
  private static void head(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response, RequestHead head, KeyedRequest keyed, GuardedFetcher fetcher,
      CacheRequest condition) throws IOException {
    CacheResult result = CacheResult.MISS;
    try (Lookup lookup = settings.cache.lookup(keyed.key(), condition, fetcher)) {
      CacheResponse answer = lookup.answer();
      if (answer != null && !Flows.purged(settings, route, head.path(), answer)) {
        long sent = HitResponder.serve(answer, head, response,
            Flows.hitStatus(settings, answer), settings.clock.instant());
        if (sent >= 0) {
          Flows.reportAnswer(settings, route, answer, false, sent);
          return;
        }
        result = CacheResult.ERROR;
      }
      if (!lookup.isSettled()) {
        lookup.pass();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache lookup failed on route {}; passing through", route.id(), e);
      result = CacheResult.ERROR;
    }
    Flows.report(settings, route, result, -1);
    pass(settings, route, request, response, passThrough(route, request, head),
        CacheStatus.forward(CacheStatus.Forward.MISS));
  }

  /** Forwards the request uncached and copies the answer back; returns its status. */
  private static int pass(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response, UpstreamRequest upstreamRequest, CacheStatus status)
      throws IOException {
    long length = request.getContentLengthLong();
    boolean hasBody = length > 0 || request.getHeader("Transfer-Encoding") != null;
    InputStream body = hasBody ? request.getInputStream() : null;
    UpstreamResponse answer;
    try {
      answer = route.upstream().exchange(upstreamRequest, body, hasBody ? length : -1);
    } catch (UpstreamException e) {
      gatewayError(settings, response, e.gatewayStatus(), e);
      return e.gatewayStatus();
    }
    try (answer) {
      response.setStatus(answer.status());
      for (Headers.Field field : answer.headers().fields()) {
        response.addHeader(field.name(), field.value());
      }
      Flows.status(settings, response, status.withForwardStatus(answer.status()));
      if (!upstreamRequest.method().equals("HEAD")) {
        answer.body().transferTo(response.getOutputStream());
      }
      return answer.status();
    }
  }

  /** 502 or 504 with a short plain-text body; the details go to the log, not to the client. */
  private static void gatewayError(FilterSettings settings, HttpServletResponse response,
      int status, Exception cause) throws IOException {
    LOG.warn("upstream failed, answering {}: {}", status, cause.getMessage());
    if (response.isCommitted()) {
      throw new IOException("upstream failed after the response began", cause);
    }
    response.reset();
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    Flows.status(settings, response, CacheStatus.forward(CacheStatus.Forward.MISS));
    String text = status == HttpServletResponse.SC_GATEWAY_TIMEOUT
        ? "504 Gateway Timeout: the upstream server did not answer in time.\n"
        : "502 Bad Gateway: the upstream server could not be reached or failed.\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The cache's GET: the key's decoded path re-encoded, and its canonical query. */
  private static UpstreamRequest cacheFetch(Route route, HttpServletRequest request,
      RequestHead head) {
    String query = CacheKeys.canonicalQuery(head.rawQuery(), route.queryInclude,
        route.queryExclude);
    return upstreamRequest("GET", route, request, head, query.isEmpty() ? null : query);
  }

  /** A pass-through: the request's own method and its whole query. */
  private static UpstreamRequest passThrough(Route route, HttpServletRequest request,
      RequestHead head) {
    return upstreamRequest(head.method(), route, request, head, head.rawQuery());
  }

  private static UpstreamRequest upstreamRequest(String method, Route route,
      HttpServletRequest request, RequestHead head, String query) {
    String path = Requests.encodePath(route.pathPattern().remainder(head.path()));
    String host = request.getHeader("Host");
    if (host == null) {
      host = request.getServerName() + ":" + request.getServerPort();
    }
    return new UpstreamRequest(method, query == null ? path : path + "?" + query,
        head.headers(), request.getRemoteAddr(), request.getScheme(), host);
  }
}
