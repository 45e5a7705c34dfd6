package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.http.CacheOutcome;
import io.daramjwee.http.CacheStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link CacheOutcome} the flows decided: sends its {@code Cache-Status} when the
 * filter is set to, sets the pass mark it asks for, tells the {@link CacheListener} its result,
 * and serves the cache's answers through {@link HitResponder}, without the tag header unless the
 * filter exposes it. The flows decide; this only applies, so the rules live in the decision alone.
 * What only the served answer knows joins the field here and in {@link HitResponder}: the name of
 * the tier whose entry was served ({@link DaramjweeCache#tierName}, RFC 9211 §2.8 {@code detail})
 * and its {@code ttl}. A listener that throws is logged, never the request's failure. Thread-safe.
 */
final class Outcomes {

  private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

  private final CacheListener listener;
  private final DaramjweeCache cache; // names the tiers
  private final boolean cacheStatusHeader;
  private final Clock clock;
  private final FilterState state;
  private final String hiddenField; // the tag header, or null when it is exposed

  Outcomes(FilterSettings settings, FilterState state) {
    this.listener = settings.listener();
    this.cache = settings.cache();
    this.cacheStatusHeader = settings.cacheStatusHeader();
    this.clock = settings.clock();
    this.state = state;
    this.hiddenField = settings.exposeTagHeader() ? null : settings.tagHeader();
  }

  /** Applies an outcome of a response the origin wrote: pass mark, count, {@code Cache-Status}. */
  void apply(Exchange exchange, CacheOutcome outcome) {
    markPass(exchange, outcome);
    count(exchange, outcome, CacheResponse.ORIGIN);
    send(exchange.response(), outcome);
  }

  /**
   * Serves {@code answer} with the outcome's {@code Cache-Status}, naming the answer's tier when it
   * came from one, and, when it went out, counts it and the bytes sent, from that tier.
   *
   * @return the bytes of body sent; -1, with nothing written or counted, when the cache could not
   *     answer after all (the caller then goes to the origin)
   * @throws IOException when the cache failed mid-body (the response is then broken off)
   */
  long serve(Exchange exchange, CacheResponse answer, CacheOutcome outcome) throws IOException {
    markPass(exchange, outcome); // before serving: the key passes even if the client goes away
    int tier = answer.tier();
    CacheStatus status = header(outcome);
    if (status != null && tier >= 0) {
      status = status.withTier(cache.tierName(tier));
    }
    long sent = HitResponder.serve(answer, exchange, status, hiddenField, clock.instant());
    if (sent >= 0) {
      count(exchange, outcome, tier);
      countBody(exchange, tier, sent);
    }
    return sent;
  }

  /** Tells the listener the outcome's result, served from {@code tier} (-1: no tier). */
  void count(Exchange exchange, CacheOutcome outcome, int tier) {
    try {
      listener.onRequest(exchange.route().id(), outcome.result(), tier);
    } catch (RuntimeException e) {
      LOG.warn("cache listener failed: {}", e.toString());
    }
  }

  /** Tells the listener that {@code bytes} of body went out from {@code tier} (-1: the origin). */
  void countBody(Exchange exchange, int tier, long bytes) {
    if (bytes <= 0) {
      return;
    }
    try {
      listener.onBodySent(exchange.route().id(), tier, bytes);
    } catch (RuntimeException e) {
      LOG.warn("cache listener failed: {}", e.toString());
    }
  }

  /** Sends the outcome's {@code Cache-Status}, if it has one, the filter sends it, and it can. */
  void send(HttpServletResponse response, CacheOutcome outcome) {
    CacheStatus status = header(outcome);
    if (status != null && !response.isCommitted()) {
      response.setHeader("Cache-Status", status.headerValue());
    }
  }

  /** The {@code Cache-Status} to send for {@code outcome}, or {@code null} for none. */
  private CacheStatus header(CacheOutcome outcome) {
    return cacheStatusHeader ? outcome.cacheStatus() : null;
  }

  private void markPass(Exchange exchange, CacheOutcome outcome) {
    if (outcome.markPass()) {
      state.markPass(exchange.key());
    }
  }
}
