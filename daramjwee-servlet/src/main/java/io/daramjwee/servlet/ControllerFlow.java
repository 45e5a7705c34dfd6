package io.daramjwee.servlet;

import io.daramjwee.CacheRequest;
import io.daramjwee.Lookup;
import io.daramjwee.http.CacheStatus;
import io.daramjwee.http.Conditionals;
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
 * Stateless; thread-safe.
 */
final class ControllerFlow {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerFlow.class);

  private ControllerFlow() {}

  static void serve(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
    RequestHead head = Requests.head(request);
    RequestPolicy.Decision decision = RequestPolicy.decide(route.rules(), head);
    if (decision.action() == RequestPolicy.Action.BYPASS) {
      bypass(settings, route, request, response, chain, head, decision.reason());
      return;
    }
    KeyedRequest keyed = KeyedRequest.of(route, head, settings.varyIndex);
    if (settings.passMarks.isMarked(keyed.key())) {
      Flows.status(settings, response, CacheStatus.forward(CacheStatus.Forward.BYPASS)
          .withDetail("uncacheable"));
      chain.doFilter(request, response);
      return;
    }
    if (decision.action() == RequestPolicy.Action.REVALIDATE) {
      Flows.invalidate(settings, keyed.key());
    }
    Lookup lookup;
    try {
      lookup = settings.cache.lookup(keyed.key(),
          CacheRequest.notModifiedWhen(Conditionals.notModifiedWhen(head)),
          ControllerRefresh.of(settings, route, request, head, keyed));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache lookup of route {} failed; serving from the controller", route.id(), e);
      chain.doFilter(request, response);
      return;
    }
    boolean async = false;
    try {
      if (lookup.answer() != null) {
        if (!HitResponder.serve(lookup.answer(), head, response,
            Flows.hitStatus(settings, lookup.answer()), settings.clock.instant())) {
          chain.doFilter(request, response);
        }
        return;
      }
      if (head.method().equals("HEAD")) {
        // A HEAD response has no body to store; the GET after it fills the entry.
        lookup.pass();
        Flows.status(settings, response, CacheStatus.forward(CacheStatus.Forward.MISS));
        chain.doFilter(request, response);
        return;
      }
      MissFill fill = new MissFill(settings, route, head, keyed, lookup, response);
      TeeResponse tee = new TeeResponse(response, fill);
      request.setAttribute(TeeResponse.ATTRIBUTE, tee);
      try {
        chain.doFilter(request, tee);
      } catch (IOException | ServletException | RuntimeException e) {
        if (!fill.decided() && fill.standIn(500)) {
          LOG.warn("route {} failed; a stale entry answered instead", route.id(), e);
          return;
        }
        fill.finish(false);
        throw e;
      }
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new FillListener(tee, lookup));
        async = true;
        return;
      }
      tee.finish(request.getAttribute("jakarta.servlet.error.exception") == null);
    } finally {
      if (!async) {
        lookup.close();
      }
    }
  }

  private static void bypass(FilterSettings settings, Route route, HttpServletRequest request,
      HttpServletResponse response, FilterChain chain, RequestHead head,
      RequestPolicy.Reason reason) throws IOException, ServletException {
    boolean unsafe = reason == RequestPolicy.Reason.METHOD;
    Flows.status(settings, response, CacheStatus.forward(
        unsafe ? CacheStatus.Forward.METHOD : CacheStatus.Forward.BYPASS));
    chain.doFilter(request, response);
    if (unsafe && !request.isAsyncStarted() && Flows.isSuccess(response.getStatus())) {
      Flows.invalidate(settings, KeyedRequest.of(route, head, settings.varyIndex).key());
    }
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
        tee.fill().finish(!failed && event.getSuppliedRequest()
            .getAttribute("jakarta.servlet.error.exception") == null);
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
