package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.Fetcher;
import io.daramjwee.Lookup;
import io.daramjwee.http.CacheOutcome;
import io.daramjwee.http.CacheOutcome.Condition;
import io.daramjwee.http.CacheOutcome.Origin;
import io.daramjwee.http.RequestFreshness;
import io.daramjwee.http.RequestPolicy;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request on a controller route: served from the cache, or the filter chain runs with its
 * response teed into the cache ({@link MissFill}); stale entries are refreshed by
 * {@link ControllerRefresh}. Whenever the controller runs, its tag header is held back from the
 * client unless the filter exposes it ({@link EntryTagger}). One per filter, made with what every
 * request shares; each request comes as an {@link Exchange}, and its outcome is decided once by
 * {@link CacheOutcome}.
 *
 * <p>A request's {@code Cache-Control: no-cache}, {@code max-age}, {@code min-fresh} and
 * {@code max-stale} are honoured only on a route that sets {@code honor-request-cache-control}
 * ({@link RequestFreshness}, through the engine's condition, {@link CacheGate}); by default a
 * browser reload must neither force origin traffic on a shared cache nor throw away the entry that
 * stale-if-error would serve. When honoured, an entry they refuse is revalidated like an expired
 * one: the controller gets its validators ({@link MissRequest}) and a 304 renews it
 * ({@link MissFill}), never thrown away. {@code only-if-cached} is always honoured
 * ({@link OnlyIfCached}): the controller never runs for it. Thread-safe: it holds only
 * thread-safe collaborators.
 */
final class ControllerFlow {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerFlow.class);
  private static final String ERROR_ATTRIBUTE = "jakarta.servlet.error.exception";

  private final CacheGate cache;
  private final FilterState state;
  private final Outcomes outcomes;
  private final EntryTagger tagger;
  private final Scopes scopes = new Scopes();
  private final Function<Exchange, Fetcher> refresher; // made once, not a lambda per request

  ControllerFlow(CacheGate cache, FilterState state, Outcomes outcomes, EntryTagger tagger,
      ControllerRefresh.Setup refresh) {
    this.cache = cache;
    this.state = state;
    this.outcomes = outcomes;
    this.tagger = tagger;
    this.refresher = keyed -> new ControllerRefresh.Deferred(refresh, keyed);
  }

  void serve(Exchange exchange, FilterChain chain) throws IOException, ServletException {
    Route route = exchange.route();
    HttpServletRequest request = exchange.request();
    exchange.read(Requests.head(request, route.varyNames));
    RequestPolicy.Decision decision = RequestPolicy.decide(route.rules(), exchange.head());
    boolean onlyIfCached = RequestFreshness.onlyIfCached(exchange.head());
    String scope = scopes.of(route, request);
    if (decision.action() == RequestPolicy.Action.BYPASS) {
      if (onlyIfCached) {
        OnlyIfCached.unavailable(outcomes, exchange); // the controller must not run for it
      } else {
        bypass(exchange, chain, decision.reason(), scope);
      }
      return;
    }
    exchange.key(KeyedRequest.inScope(scope, route, exchange.head()));
    if (onlyIfCached) {
      OnlyIfCached.serve(cache, outcomes, exchange, refresher);
      return;
    }
    if (state.passMarked(exchange.key())) {
      past(exchange, chain, CacheOutcome.decide(null, Origin.NONE, Condition.PASS));
      return;
    }
    Lookup lookup;
    try {
      lookup = cache.lookup(exchange, refresher);
    } catch (HeldBackException e) {
      LOG.debug("serving from the controller: {}", e.getMessage());
      past(exchange, chain, CacheOutcome.decide(null, Origin.NONE, Condition.CACHE_FAILED));
      return;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache lookup on route {} failed; serving from the controller", route.id(), e);
      past(exchange, chain, CacheOutcome.decide(null, Origin.NONE, Condition.CACHE_FAILED));
      return;
    }
    boolean async = false;
    try {
      if (lookup.answer() != null) {
        hit(exchange, chain, lookup.answer());
        return;
      }
      if (exchange.isHead()) {
        // A HEAD response has no body to store; the GET after it fills the entry.
        lookup.pass();
        past(exchange, chain,
            CacheOutcome.decide(CacheResponse.Source.ORIGIN, Origin.NONE, Condition.NOT_STORED));
        return;
      }
      async = miss(exchange, chain, lookup);
    } finally {
      if (!async) {
        lookup.close();
      }
    }
  }

  /** Serves the cache's answer; if it cannot be served after all, the controller answers. */
  private void hit(Exchange exchange, FilterChain chain, CacheResponse answer)
      throws IOException, ServletException {
    CacheOutcome outcome = CacheOutcome.decide(answer.source(), Origin.NONE, Condition.NONE);
    if (outcomes.serve(exchange, answer, outcome) < 0) {
      // Nothing was written or counted: this request becomes the cache's failure.
      past(exchange, chain, CacheOutcome.decide(null, Origin.NONE, Condition.CACHE_FAILED));
    }
  }

  /** Runs the controller as it is, after applying {@code outcome}, decided before it runs. */
  private void past(Exchange exchange, FilterChain chain, CacheOutcome outcome)
      throws IOException, ServletException {
    outcomes.apply(exchange, outcome);
    HiddenTagHeader hidden = tagger.hide(exchange.response());
    chain.doFilter(exchange.request(), hidden != null ? hidden : exchange.response());
  }

  /** Runs the controller with its response teed; true when it went async (a listener ends it). */
  private boolean miss(Exchange exchange, FilterChain chain, Lookup lookup)
      throws IOException, ServletException {
    HttpServletRequest request = exchange.request();
    HiddenTagHeader hidden = tagger.hide(exchange.response());
    // An expired entry's validators go to the controller (not a hard-purged one's: a 304 must
    // not renew a purged body), so a 304 renews it instead of sending the body again.
    HttpServletRequest missRequest =
        MissRequest.of(request, cache.revalidatable(exchange, lookup.previous()));
    MissFill fill = new MissFill(exchange, lookup, outcomes, state,
        tagger.forMiss(exchange, hidden),
        MissRequest.revalidates(missRequest) ? lookup.previous() : null);
    TeeResponse tee = new TeeResponse(hidden != null ? hidden : exchange.response(), fill);
    try {
      chain.doFilter(missRequest, tee);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!fill.decided() && fill.standIn(500)) {
        LOG.warn("route {} failed; a stale entry answered instead", exchange.route().id(), e);
        return false;
      }
      fill.finish(false);
      throw e;
    }
    if (request.isAsyncStarted()) {
      // For the async dispatch (DaramjweeFilter). Set only now: a sync miss pays no attribute,
      // and a dispatch waits until this call has returned to the container (AsyncContext#dispatch).
      request.setAttribute(TeeResponse.ATTRIBUTE, tee);
      if (request.getAsyncContext().hasOriginalRequestAndResponse()) {
        // startAsync() without arguments: the async part writes to the container's response,
        // around the tee, so what it writes can never be stored.
        fill.drop("the async part writes to the unwrapped response");
        fill.finish(false);
      }
      request.getAsyncContext().addListener(new FillListener(tee, lookup));
      return true;
    }
    tee.finish(request.getAttribute(ERROR_ATTRIBUTE) == null);
    return false;
  }

  /**
   * Runs the controller uncached; an unsafe method that succeeds invalidates its target and the
   * same-origin URIs its response names ({@link UnsafeInvalidation}).
   */
  private void bypass(Exchange exchange, FilterChain chain, RequestPolicy.Reason reason,
      String scope) throws IOException, ServletException {
    boolean unsafe = reason == RequestPolicy.Reason.METHOD;
    past(exchange, chain, CacheOutcome.decide(null, Origin.NONE,
        unsafe ? Condition.BYPASS_METHOD : Condition.BYPASS_REQUEST));
    if (!unsafe) {
      return;
    }
    HttpServletRequest request = exchange.request();
    HttpServletResponse response = exchange.response();
    String key = KeyedRequest.inScope(scope, exchange.route(), exchange.head()).key();
    if (!request.isAsyncStarted()) {
      UnsafeInvalidation.apply(exchange, response, state, cache, key);
      return;
    }
    request.getAsyncContext().addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        UnsafeInvalidation.apply(exchange, response, state, cache, key);
      }

      @Override
      public void onTimeout(AsyncEvent event) {}

      @Override
      public void onError(AsyncEvent event) {}

      @Override
      public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
      }
    });
  }

  /**
   * Finishes an async miss when the container completes it: published on completion, aborted on
   * an error or a timeout (which the container follows with a completion).
   */
  private static final class FillListener implements AsyncListener {
    private final TeeResponse tee;
    private final Lookup lookup;
    private volatile boolean failed;

    FillListener(TeeResponse tee, Lookup lookup) {
      this.tee = tee;
      this.lookup = lookup;
    }

    @Override
    public void onComplete(AsyncEvent event) throws IOException {
      try {
        tee.finish(!failed
            && event.getSuppliedRequest().getAttribute(ERROR_ATTRIBUTE) == null);
      } finally {
        lookup.close();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      failed = true;
      tee.fill().finish(false);
    }

    @Override
    public void onError(AsyncEvent event) {
      failed = true;
      tee.fill().finish(false);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this); // async started again: keep listening
    }
  }
}
