package io.daramjwee.servlet;

import io.daramjwee.Lookup;
import io.daramjwee.http.CacheStatus;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.RequestPolicy;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request on a controller route: served from the cache, or the filter chain runs with its
 * response teed into the cache; stale entries are refreshed by {@link ControllerRefresh}.
 *
 * <p>A request's {@code Cache-Control: no-cache} or {@code max-age=0} is not honoured here: a
 * browser reload must neither force origin traffic on a shared cache nor throw away the entry
 * that stale-if-error would serve. Stateless; thread-safe.
 */
final class ControllerFlow {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerFlow.class);
  private static final String ERROR_ATTRIBUTE = "jakarta.servlet.error.exception";

  private ControllerFlow() {}

  static void serve(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
    RequestHead head = Requests.head(request, route.varyNames);
    RequestPolicy.Decision decision = RequestPolicy.decide(route.rules(), head);
    String authority = Requests.authority(request);
    if (decision.action() == RequestPolicy.Action.BYPASS) {
      bypass(settings, route, request, response, chain, head, authority, decision.reason());
      return;
    }
    KeyedRequest keyed = KeyedRequest.of(route, head, settings.varyIndex, authority);
    if (keyed.keyedNames() != route.varyNames) {
      // The resource varies on learned headers too: read them, and key again with their values.
      head = Requests.head(request, keyed.keyedNames());
      keyed = KeyedRequest.of(route, head, settings.varyIndex, authority);
    }
    if (settings.passMarks.isMarked(keyed.key())) {
      Flows.report(settings, route, CacheResult.PASS, -1);
      Flows.status(settings, response, CacheStatus.forward(CacheStatus.Forward.BYPASS)
          .withDetail("uncacheable"));
      chain.doFilter(request, response);
      return;
    }
    Lookup lookup;
    try {
      lookup = lookup(settings, route, request, head, keyed);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache lookup on route {} failed; serving from the controller", route.id(), e);
      Flows.report(settings, route, CacheResult.ERROR, -1);
      chain.doFilter(request, response);
      return;
    }
    boolean async = false;
    try {
      if (lookup.answer() != null) {
        long sent = HitResponder.serve(lookup.answer(), head, response,
            Flows.hitStatus(settings, lookup.answer()), settings.clock.instant());
        if (sent >= 0) {
          Flows.reportAnswer(settings, route, lookup.answer(), false, sent);
        } else {
          Flows.report(settings, route, CacheResult.ERROR, -1);
          chain.doFilter(request, response); // the cache could not answer: the controller does
        }
        return;
      }
      if (head.method().equals("HEAD")) {
        // A HEAD response has no body to store; the GET after it fills the entry.
        lookup.pass();
        Flows.report(settings, route, CacheResult.MISS, -1);
        Flows.status(settings, response, CacheStatus.forward(CacheStatus.Forward.MISS));
        chain.doFilter(request, response);
        return;
      }
      async = miss(settings, route, request, response, chain, head, keyed, lookup);
    } finally {
      if (!async) {
        lookup.close();
      }
    }
  }

  /**
   * Looks {@code keyed} up; an answer a purge covers is dropped from every tier and the key looked
   * up again, so the controller runs.
   */
  private static Lookup lookup(FilterSettings settings, Route route, HttpServletRequest request,
      RequestHead head, KeyedRequest keyed) throws IOException {
    ControllerRefresh refresher = ControllerRefresh.of(settings, route, request, head, keyed);
    Lookup lookup = settings.cache.lookup(keyed.key(), Flows.condition(head), refresher);
    if (lookup.answer() == null || !Flows.purged(settings, route, head.path(), lookup.answer())) {
      return lookup;
    }
    lookup.close();
    Flows.invalidate(settings, keyed.key());
    return settings.cache.lookup(keyed.key(), Flows.condition(head), refresher);
  }

  /** Runs the controller with its response teed; true when it went async (a listener ends it). */
  private static boolean miss(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response, FilterChain chain, RequestHead head, KeyedRequest keyed,
      Lookup lookup) throws IOException, ServletException {
    MissFill fill = new MissFill(settings, route, head, keyed, lookup, response);
    TeeResponse tee = new TeeResponse(response, fill);
    request.setAttribute(TeeResponse.ATTRIBUTE, tee);
    try {
      chain.doFilter(MissRequest.of(request), tee);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!fill.decided() && fill.standIn(500)) {
        LOG.warn("route {} failed; a stale entry answered instead", route.id(), e);
        return false;
      }
      fill.finish(false);
      throw e;
    }
    if (request.isAsyncStarted()) {
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

  private static void bypass(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response, FilterChain chain, RequestHead head, String authority,
      RequestPolicy.Reason reason) throws IOException, ServletException {
    boolean unsafe = reason == RequestPolicy.Reason.METHOD;
    Flows.report(settings, route, CacheResult.BYPASS, -1);
    Flows.status(settings, response, CacheStatus.forward(
        unsafe ? CacheStatus.Forward.METHOD : CacheStatus.Forward.BYPASS));
    chain.doFilter(request, response);
    if (!unsafe) {
      return;
    }
    String key = KeyedRequest.of(route, head, settings.varyIndex, authority).key();
    if (!request.isAsyncStarted()) {
      if (Flows.isSuccess(response.getStatus())) {
        Flows.invalidate(settings, key);
      }
      return;
    }
    request.getAsyncContext().addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        if (Flows.isSuccess(response.getStatus())) {
          Flows.invalidate(settings, key);
        }
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
