package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.Lookup;
import io.daramjwee.Metadata;
import io.daramjwee.StoreWriter;
import io.daramjwee.http.CacheOutcome;
import io.daramjwee.http.CacheOutcome.Condition;
import io.daramjwee.http.CacheOutcome.Origin;
import io.daramjwee.http.EtagDigest;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.ResponseEntries;
import io.daramjwee.http.ResponseHead;
import io.daramjwee.http.StoragePolicy;
import io.daramjwee.http.VariantSelector;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller miss being teed into the cache: decides at the first body byte (when the head is
 * final) whether the response is stored, feeds the bytes to the fill, and at the end publishes
 * only a complete body of an unchanged, still storable response. Every other ending (an exception,
 * a client that went away, {@code sendError}, a reset, the size limit, an async error or timeout)
 * aborts. A 5xx or an exception before the first byte lets a stale entry inside its
 * stale-if-error window answer instead. A 304 to the cache's own validators (the controller saw
 * them in place of the client's, {@link MissRequest}) renews the expired entry the miss replaces
 * and serves it instead of the 304 ({@link #renew}). Its {@link CacheOutcome} is decided once,
 * when the head is final (or the stand-in answered), and applied through {@link Outcomes}.
 *
 * <p>Thread safety: the bytes come from one thread at a time (the request thread, or an async
 * one); {@link #finish} and {@link #drop} may come from a container thread, so the flags they share
 * are volatile and finishing happens once.
 */
final class MissFill {

  private static final Logger LOG = LoggerFactory.getLogger(MissFill.class);

  private final Exchange exchange;
  private final Route route;
  private final RequestHead request;
  private final KeyedRequest keyed;
  private final Lookup lookup;
  private final HttpServletResponse response;
  private final Outcomes outcomes;
  private final FilterState state;
  private final UnaryOperator<Metadata> tags; // adds the entry's tags (EntryTagger#forMiss)
  private final Metadata revalidating; // the entry whose validators the controller got, or null
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean decided;
  private volatile boolean dropped;
  private volatile boolean swallowing; // the cache answered instead; the controller's bytes go nowhere
  private int decidedStatus;
  private long declaredLength = -1;
  private volatile StoreWriter writer;
  private Metadata metadata;
  private EtagDigest digest;
  private long bytes;
  private long sent; // what the client received, stored or not

  /**
   * @param revalidating the expired entry whose validators the controller was sent in place of
   *     the client's ({@link MissRequest}), or null when it was sent none
   */
  MissFill(Exchange exchange, Lookup lookup, Outcomes outcomes, FilterState state,
      UnaryOperator<Metadata> tags, Metadata revalidating) {
    this.exchange = exchange;
    this.route = exchange.route();
    this.request = exchange.head();
    this.keyed = exchange.keyed();
    this.lookup = lookup;
    this.response = exchange.response();
    this.outcomes = outcomes;
    this.state = state;
    this.tags = tags;
    this.revalidating = revalidating;
  }

  void declaredLength(long length) {
    this.declaredLength = length;
  }

  boolean decided() {
    return decided;
  }

  boolean swallowing() {
    return swallowing;
  }


  /** Takes the storage decision once, before the head is committed; idempotent. */
  void decide() throws IOException {
    if (decided) {
      return;
    }
    decided = true;
    if (finished.get()) {
      // An async error or timeout already ended this fill; what the application writes now (a
      // fallback value, an error page) is served but never stored.
      if (!lookup.isSettled()) {
        lookup.pass();
      }
      apply(Origin.NONE, Condition.FILL_ENDED);
      return;
    }
    try {
      decideStorage();
    } catch (RuntimeException e) {
      // The cache must never fail the controller's write: serve it, store nothing.
      LOG.warn("cannot store the response for {}: {}", keyed.key(), e.toString());
      if (!lookup.isSettled()) {
        lookup.pass();
      }
      apply(Origin.NONE, Condition.CACHE_FAILED);
    }
  }

  private void decideStorage() throws IOException {
    int status = response.getStatus();
    decidedStatus = status;
    if (status >= 500) {
      standIn(status); // a server error is never stored; standIn settles the lookup
      return;
    }
    if (status == HttpServletResponse.SC_NOT_MODIFIED && revalidating != null) {
      renew();
      return;
    }
    // The commonest refusals (no-store) are told without copying the head.
    StoragePolicy.Decision decision =
        StoragePolicy.refusal(route.rules(), request, status, response::getHeader);
    ResponseHead head = null;
    if (decision == null) {
      head = capturedHead();
      decision = StoragePolicy.decide(route.rules(), request, head);
    }
    if (decision.action() == StoragePolicy.Action.DONT_STORE) {
      lookup.pass();
      apply(Origin.answered(status), condition(decision.reason()));
      return;
    }
    // A response with Vary keeps the values this request had for the nominated fields: it is
    // served only to requests that match (RFC 9111 §4.1).
    HttpServletRequest client = exchange.request();
    // Received now: the head was captured before the container adds its Date, and the
    // heuristic and Expires lifetimes need one (RFC 9110 §6.6.1).
    metadata = VariantSelector.stamp(tags.apply(ResponseEntries.entry(route.rules(), head,
        decision.action() == StoragePolicy.Action.STORE_NEGATIVE, state.now())),
        head.headers().all("Vary"),
        name -> Collections.list(client.getHeaders(name)));
    digest = ResponseEntries.needsEtag(metadata) ? new EtagDigest() : null;
    // The declared length places the entry in the first tier that admits it (a body too large
    // for the hot tier goes straight to a lower one).
    StoreWriter fill = lookup.fill(metadata, declaredLength);
    writer = fill;
    if (finished.get()) {
      fill.abort(); // an async error or timeout ended the fill while it was being created
      return;
    }
    apply(Origin.answered(status), Condition.NONE);
  }

  /** The controller answered with {@code sendError}: nothing is stored, and the header says so. */
  void sentError(int status) {
    drop("sendError(" + status + ")");
    relabel(status);
    if (!decided) {
      decided = true;
      decidedStatus = status;
      apply(Origin.answered(status), Condition.NOT_STORED);
    }
    finish(false);
  }

  /** Decides the miss's outcome and applies it; called once per decided miss. */
  private void apply(Origin origin, Condition condition) {
    outcomes.apply(exchange, CacheOutcome.decide(CacheResponse.Source.ORIGIN, origin, condition));
  }

  /**
   * The controller is answering {@code status} (5xx) or failed before its first byte: a stale
   * entry inside stale-if-error answers instead when there is one. Settles the lookup either way.
   *
   * @return true when the stand-in answered (the response is then complete)
   */
  boolean standIn(int status) throws IOException {
    decided = true;
    decidedStatus = status;
    CacheResponse stale = null;
    if (lookup.previous() != null && !response.isCommitted()) {
      stale = lookup.staleOnError();
    } else if (!lookup.isSettled()) {
      lookup.pass();
    }
    if (stale == null) {
      apply(Origin.answered(status), Condition.NOT_STORED);
      return false;
    }
    swallowing = true;
    response.reset();
    CacheOutcome outcome =
        CacheOutcome.decide(stale.source(), Origin.answered(status), Condition.NONE);
    if (outcomes.serve(exchange, stale, outcome) < 0) {
      // The stale entry failed too: the controller's own error goes out after all.
      swallowing = false;
      response.setStatus(status);
      apply(Origin.NONE, Condition.CACHE_FAILED);
      return false;
    }
    return true;
  }

  /**
   * The controller answered 304 to the validators of {@link #revalidating}: that entry is renewed
   * with the 304's fields (RFC 9111 §4.3.4, {@link ResponseEntries#renewed}) and served in place
   * of the 304, which answered the cache's condition, not the client's; the client gets the
   * stored response, or a 304 when its own condition matches the renewed entry. Settles the
   * lookup.
   *
   * <p>When the confirmed entry cannot be served after all (it vanished, or was replaced, between
   * the lookup and the 304; or it failed before its first byte), the client gets an empty 502:
   * the controller's answer is no response to the client's request, and running the controller
   * again is not something a filter chain allows (a second {@code doFilter} skips the filters
   * after this one). The next request is a plain miss. This takes a race with an eviction or a
   * purge; {@code Cache-Status} says {@code fwd=miss; fwd-status=304} and it counts as
   * {@link io.daramjwee.http.CacheResult#ERROR}.
   */
  private void renew() throws IOException {
    if (response.isCommitted()) {
      // The 304 is out already (an async controller that completed without flushing, so the
      // fill decides only now): nothing can answer in its place; the entry is left to expire.
      lookup.pass();
      apply(Origin.answered(HttpServletResponse.SC_NOT_MODIFIED), Condition.NOT_STORED);
      return;
    }
    Metadata renewed = tags.apply(
        ResponseEntries.renewed(route.rules(), revalidating, capturedHead()));
    swallowing = true;
    response.reset();
    CacheResponse answer = lookup.renew(renewed);
    if (answer != null) {
      CacheOutcome outcome = CacheOutcome.decide(answer.source(),
          Origin.answered(HttpServletResponse.SC_NOT_MODIFIED), Condition.NONE);
      if (outcomes.serve(exchange, answer, outcome) >= 0) {
        return;
      }
    }
    LOG.info("the entry of route {} for {} was confirmed by a 304 but could not be served; "
        + "answering 502", route.id(), request.path());
    response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
    response.setContentLength(0);
    apply(Origin.answered(HttpServletResponse.SC_NOT_MODIFIED), Condition.CACHE_FAILED);
  }

  /** Tees {@code len} bytes the client just received. Never throws. */
  void accept(byte[] b, int off, int len) {
    sent += len;
    if (writer == null || dropped) {
      return;
    }
    bytes += len;
    if (bytes > route.rules().maxObjectSize()) {
      drop("the body exceeds max-object-size " + route.rules().maxObjectSize());
      return;
    }
    if (digest != null) {
      digest.update(b, off, len);
    }
    try {
      writer.write(b, off, len);
    } catch (IOException e) {
      drop("the fill was aborted"); // concurrently, by an async error or timeout
    }
  }

  /** Gives up storing this response; the client is not affected. */
  void drop(String why) {
    if (!dropped) {
      dropped = true;
      LOG.debug("not storing {}: {}", keyed.key(), why);
      StoreWriter w = writer;
      if (w != null) {
        w.abort();
      }
    }
  }

  /** A status set after the decision: a different one means the response changed its mind. */
  void statusChanged(int status) {
    if (decided && status != decidedStatus) {
      drop("the status changed to " + status + " after the body began");
      relabel(status);
    }
  }

  /**
   * The response changed its mind after the decision (a reset, an error, another status) while
   * its head can still change: its {@code Cache-Status} must no longer say {@code stored}.
   *
   * @param status the status it answers with now, or -1 when not known yet (after a reset)
   */
  void relabel(int status) {
    if (decided && !swallowing && !response.isCommitted()) {
      outcomes.send(response, CacheOutcome.decide(CacheResponse.Source.ORIGIN,
          status < 0 ? Origin.NONE : Origin.answered(status), Condition.NOT_STORED));
    }
  }

  /** Publishes a complete response ({@code complete}) or aborts; the first call wins. */
  void finish(boolean complete) {
    if (complete && !dropped && !finished.get()) {
      try {
        decide(); // a response without a body decides here, before the fill counts as finished
      } catch (IOException | RuntimeException e) {
        LOG.debug("deciding on the response for {} failed", keyed.key(), e);
      }
    }
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    if (!swallowing) {
      outcomes.countBody(exchange, CacheResponse.ORIGIN, sent);
    }
    try {
      StoreWriter w = writer;
      if (w == null || swallowing) {
        return;
      }
      if (!complete || dropped || response.getStatus() != decidedStatus
          || declaredLength >= 0 && declaredLength != bytes
          || StoragePolicy.decide(route.rules(), request, capturedHead()).action()
              == StoragePolicy.Action.DONT_STORE) {
        // Headers may still change while the body sits in the container's buffer.
        w.abort();
        return;
      }
      w.amendMetadata(ResponseEntries.completed(metadata, bytes,
          digest == null ? null : digest.etag()));
      w.commit();
    } catch (IOException | RuntimeException e) {
      LOG.debug("finishing the fill of {} failed", keyed.key(), e);
      StoreWriter w = writer;
      if (w != null) {
        w.abort();
      }
    }
  }

  private ResponseHead capturedHead() {
    return CapturedHead.of(response, declaredLength);
  }

  /**
   * How a response refused storage counts: {@link Condition#UNCACHEABLE} (the key skips
   * coalescing for a while) when the response itself says it must not be shared
   * ({@code no-store}, {@code private}, {@code Set-Cookie}...).
   */
  private static Condition condition(StoragePolicy.Reason reason) {
    // Not for a status: it may come from input outside the key (a bogus parameter that is not
    // keyed, an Accept the route does not vary on), and one client must not turn the cache off
    // for everybody.
    return reason == StoragePolicy.Reason.METHOD || reason == StoragePolicy.Reason.STATUS
        ? Condition.NOT_STORED : Condition.UNCACHEABLE;
  }
}
