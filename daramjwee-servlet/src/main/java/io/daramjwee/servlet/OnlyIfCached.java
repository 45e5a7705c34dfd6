package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.Fetcher;
import io.daramjwee.Lookup;
import io.daramjwee.http.CacheOutcome;
import io.daramjwee.http.CacheOutcome.Condition;
import io.daramjwee.http.CacheOutcome.Origin;
import io.daramjwee.http.CacheResult;
import io.daramjwee.http.CacheStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request with {@code Cache-Control: only-if-cached} (RFC 9111 §5.2.1.7), on either route kind:
 * answered from what is stored, or with 504 (Gateway Timeout), never by the controller or the
 * upstream. Honoured on every route whatever {@code honor-request-cache-control} says, since it
 * can only keep traffic from the origin.
 *
 * <p>The lookup is the one every request makes ({@link CacheGate#lookup}), so what can be served
 * is what any request would be served: a fresh entry, a stale one inside its
 * stale-while-revalidate window (its refresh scheduled behind it, as for any stale hit), or what a
 * concurrent miss on the key publishes while this request waits for it; purge marks and the
 * request's own directives apply as they always do. A lookup that would have to produce the value
 * is passed (so requests waiting on it produce their own), and so is an expired entry: serving it
 * would need the origin, which this request refused. A request the cache would bypass
 * ({@code Authorization}, {@code no-store}, a method other than GET and HEAD) has nothing stored
 * it could be served, so it is answered 504 too. A cache failure is a 504 as well: failing open
 * would mean the origin.
 *
 * <p>{@code Cache-Status} says {@code fwd=miss; detail=only-if-cached}, and the request counts as
 * a {@link CacheResult#MISS}; nothing went forward, but RFC 9211 has no parameter for "not
 * served", and {@code fwd=miss} is what a cache without a usable response reports. Stateless and
 * thread-safe.
 */
final class OnlyIfCached {

  private static final Logger LOG = LoggerFactory.getLogger(OnlyIfCached.class);

  private static final CacheOutcome UNAVAILABLE = new CacheOutcome(
      CacheStatus.forward(CacheStatus.Forward.MISS).withDetail("only-if-cached"),
      CacheResult.MISS, false);
  private static final byte[] BODY = ("504 Gateway Timeout: only-if-cached, and nothing stored "
      + "can be served.\n").getBytes(StandardCharsets.UTF_8);

  private OnlyIfCached() {}

  /**
   * Serves the keyed exchange from the cache, or answers 504; {@code refresherOf} makes the
   * fetcher that refreshes a stale entry served, as on any stale hit ({@link CacheGate#lookup}).
   */
  static void serve(CacheGate cache, Outcomes outcomes, Exchange exchange,
      Function<Exchange, Fetcher> refresherOf) throws IOException {
    Lookup lookup;
    try {
      lookup = cache.lookup(exchange, refresherOf);
    } catch (HeldBackException e) {
      LOG.debug("only-if-cached: {}", e.getMessage());
      unavailable(outcomes, exchange);
      return;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache lookup on route {} failed; only-if-cached is answered 504",
          exchange.route().id(), e);
      unavailable(outcomes, exchange);
      return;
    }
    try (lookup) {
      CacheResponse answer = lookup.answer();
      if (answer != null) {
        CacheOutcome outcome = CacheOutcome.decide(answer.source(), Origin.NONE, Condition.NONE);
        if (outcomes.serve(exchange, answer, outcome) >= 0) {
          return;
        }
      } else {
        lookup.pass(); // no origin runs for it: requests waiting on this key produce their own
      }
    }
    unavailable(outcomes, exchange);
  }

  /** Answers 504 with a short plain-text body: nothing stored can be served. */
  static void unavailable(Outcomes outcomes, Exchange exchange) throws IOException {
    outcomes.count(exchange, UNAVAILABLE, CacheResponse.ORIGIN);
    HttpServletResponse response = exchange.response();
    if (response.isCommitted()) {
      throw new IOException("only-if-cached: the cache failed after the response began");
    }
    response.reset();
    response.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
    response.setContentType("text/plain;charset=UTF-8");
    outcomes.send(response, UNAVAILABLE);
    response.setContentLength(BODY.length);
    if (!exchange.head().method().equals("HEAD")) {
      response.getOutputStream().write(BODY);
    }
  }
}
