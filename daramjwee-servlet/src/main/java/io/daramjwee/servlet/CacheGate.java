package io.daramjwee.servlet;

import io.daramjwee.CacheRequest;
import io.daramjwee.CacheResponse;
import io.daramjwee.DaramjweeCache;
import io.daramjwee.FetchResult;
import io.daramjwee.Fetcher;
import io.daramjwee.Lookup;
import io.daramjwee.Metadata;
import io.daramjwee.http.Conditionals;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestFreshness;
import io.daramjwee.http.RequestHead;
import io.daramjwee.http.StoredResponse;
import io.daramjwee.http.VariantSelector;
import io.daramjwee.purge.Verdict;
import java.io.IOException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as the flows use it: the request's conditions passed along, an answer the purge
 * marks cover screened (a hard purge drops it from every tier and asks again, so the origin
 * answers; a soft one serves it as stale while one refresh replaces it), an entry of a tier that
 * outlives the process held back until the marks are reconciled, and invalidation that also lifts
 * the key's pass mark. A tier that fails to invalidate is logged, never the request's failure.
 * Thread-safe.
 */
final class CacheGate {

  private static final Logger LOG = LoggerFactory.getLogger(CacheGate.class);

  private final DaramjweeCache cache;
  private final FilterState state;

  CacheGate(DaramjweeCache cache, FilterState state) {
    this.cache = cache;
    this.state = state;
  }

  /**
   * Looks the exchange's key up; an answer a purge covers is screened (see the class comment).
   * When the resource's stored response is another variant than the request's (its {@code Vary}
   * nominates fields whose values differ), the exchange is keyed again for its own variant
   * ({@link KeyedRequest#variant}) and that key is looked up; {@code refresherOf} makes the
   * refresher for whichever key is looked up.
   *
   * @throws HeldBackException when the answer may not be served and asking again cannot help
   */
  Lookup lookup(Exchange exchange, Function<Exchange, Fetcher> refresherOf) throws IOException {
    Lookup lookup = lookupScreened(exchange, refresherOf.apply(exchange), true);
    CacheResponse answer = lookup.answer();
    if (answer == null || answer.status() != CacheResponse.Status.OTHER_VARIANT) {
      return lookup;
    }
    lookup.close();
    toVariant(exchange, answer.metadata());
    return lookupScreened(exchange, refresherOf.apply(exchange), false);
  }

  private Lookup lookupScreened(Exchange exchange, Fetcher refresher, boolean firstKey)
      throws IOException {
    CacheRequest condition = condition(exchange, firstKey);
    Fetcher screened = screened(exchange, refresher);
    Lookup lookup = cache.lookup(exchange.key(), condition, screened);
    for (int attempt = 0; ; attempt++) {
      CacheResponse answer = lookup.answer();
      if (answer == null || answer.status() == CacheResponse.Status.OTHER_VARIANT) {
        return lookup;
      }
      CacheResponse kept = screen(exchange, answer, screened);
      if (kept == answer) {
        return lookup;
      }
      if (kept != null) {
        return Lookup.answered(kept); // the same body, relabelled stale
      }
      lookup.close();
      holdBackIfUnreconciled(exchange, answer, attempt);
      invalidate(exchange.key());
      lookup = cache.lookup(exchange.key(), condition, screened);
    }
  }

  /**
   * Looks the exchange's key (or its variant's, as {@link #lookup} does) up and leaves a purged
   * answer to the caller ({@link #purged}): a HEAD only reads, so it passes a purged entry by
   * without deleting it.
   */
  Lookup peek(Exchange exchange, Fetcher fetcher) throws IOException {
    Lookup lookup = cache.lookup(exchange.key(), condition(exchange, true), fetcher);
    CacheResponse answer = lookup.answer();
    if (answer == null || answer.status() != CacheResponse.Status.OTHER_VARIANT) {
      return lookup;
    }
    lookup.close();
    toVariant(exchange, answer.metadata());
    return cache.lookup(exchange.key(), condition(exchange, false), fetcher);
  }

  /**
   * The cache's answer for the exchange's key, screened like {@link #lookup}'s, and for the
   * request's own variant like it. The fetcher must not depend on the key.
   *
   * @throws HeldBackException when the answer may not be served and asking again cannot help
   */
  CacheResponse get(Exchange exchange, Fetcher fetcher) throws IOException {
    CacheResponse answer = getScreened(exchange, fetcher, true);
    if (answer.status() != CacheResponse.Status.OTHER_VARIANT) {
      return answer;
    }
    answer.close();
    toVariant(exchange, answer.metadata());
    return getScreened(exchange, fetcher, false);
  }

  private CacheResponse getScreened(Exchange exchange, Fetcher fetcher, boolean firstKey)
      throws IOException {
    CacheRequest condition = condition(exchange, firstKey);
    Fetcher screened = screened(exchange, fetcher);
    CacheResponse answer = cache.get(exchange.key(), condition, screened);
    for (int attempt = 0; ; attempt++) {
      if (answer.status() == CacheResponse.Status.OTHER_VARIANT) {
        return answer;
      }
      CacheResponse kept;
      try {
        kept = screen(exchange, answer, screened);
      } catch (RuntimeException e) {
        answer.close();
        throw e;
      }
      if (kept != null) {
        return kept;
      }
      answer.close();
      holdBackIfUnreconciled(exchange, answer, attempt);
      invalidate(exchange.key());
      answer = cache.get(exchange.key(), condition, screened);
    }
  }

  /**
   * Keys the exchange for its own variant of a resource whose stored response is
   * {@code other}: on a controller route the request head is read again with the nominated
   * fields (a proxy route's head holds every field already).
   */
  private static void toVariant(Exchange exchange, Metadata other) {
    Route route = exchange.route();
    List<String> names = VariantSelector.names(other);
    if (route.upstream() == null) {
      List<String> read = new ArrayList<>(route.varyNames);
      read.addAll(names);
      exchange.read(Requests.head(exchange.request(), read));
    }
    exchange.key(exchange.keyed().variant(route, exchange.head(), names));
  }

  /** Whether a purge (or unreconciled marks) keeps {@code answer}, a tier's entry, from a HEAD. */
  boolean purged(Exchange exchange, CacheResponse answer) {
    return screenable(answer) && (heldBack(answer) || !verdict(exchange, answer.metadata()).keep());
  }

  /**
   * {@code answer} itself when no mark covers it; the same answer relabelled stale, its refresh
   * scheduled, when a soft mark covers it inside its stale window; null when it must not be
   * served (a hard mark, a soft one past the window, or marks not yet reconciled).
   */
  private CacheResponse screen(Exchange exchange, CacheResponse answer, Fetcher refresher) {
    if (!screenable(answer)) {
      return answer;
    }
    if (heldBack(answer)) {
      return null;
    }
    Verdict verdict = verdict(exchange, answer.metadata());
    if (verdict.keep()) {
      return answer;
    }
    if (verdict.gone()) {
      return null;
    }
    if (answer.source() != CacheResponse.Source.FRESH) {
      return answer; // already served stale: its refresh is scheduled, or the origin failed
    }
    Duration window = answer.metadata().staleFor();
    if (window == null) {
      window = exchange.route().rules().staleFor();
    }
    if (!state.now().isBefore(verdict.staleSince().plus(window))) {
      return null;
    }
    cache.scheduleRefresh(exchange.key(), refresher);
    return answer.markedStale();
  }

  /**
   * After an answer was refused: an entry held back for unreconciled marks is not deleted (it
   * may be a shared tier's, which the other instances serve), and an entry that a purge covers
   * and that came back after it was deleted could not be deleted; either way the origin answers.
   */
  private void holdBackIfUnreconciled(Exchange exchange, CacheResponse answer, int attempt)
      throws HeldBackException {
    if (heldBack(answer)) {
      throw new HeldBackException("the entry of route " + exchange.route().id() + " for "
          + exchange.head().path() + " is in tier " + answer.tier() + ", which outlives the "
          + "process, and the purge marks are not reconciled yet");
    }
    if (attempt > 0) {
      throw new HeldBackException("a purged entry of route " + exchange.route().id() + " for "
          + exchange.head().path() + " is still in tier " + answer.tier()
          + " after deleting it failed");
    }
  }

  /**
   * {@code fetcher}, but without the validators of a previous entry that a hard purge covers, so
   * the origin cannot answer "not modified" and renew a purged body; none before the marks are
   * reconciled. A soft purge keeps them: revalidating is what it asks for.
   */
  private Fetcher screened(Exchange exchange, Fetcher fetcher) {
    return new Fetcher() {
      @Override
      public FetchResult fetch(Metadata previous) throws IOException {
        return fetcher.fetch(revalidatable(exchange, previous));
      }

      @Override
      public Fetcher detached() {
        Fetcher kept = fetcher.detached();
        return kept == fetcher ? this : screened(exchange, kept);
      }
    };
  }

  /**
   * {@code previous}, an expired entry a miss replaces, when its validators may be sent to the
   * origin; null when a hard purge covers it or the marks are not reconciled yet (see
   * {@link #screened}).
   */
  Metadata revalidatable(Exchange exchange, Metadata previous) {
    return previous == null
        || (state.reconciled() && !verdict(exchange, previous).gone()) ? previous : null;
  }

  /** Answers from a tier's own entry, or a concurrent fill's; revalidated and origin ones are new. */
  private static boolean screenable(CacheResponse answer) {
    CacheResponse.Source source = answer.source();
    return source != CacheResponse.Source.ORIGIN && source != CacheResponse.Source.REVALIDATED;
  }

  /**
   * An entry of a tier that outlives the process, while the marks are not reconciled; never a
   * collapsed answer, which a fill from the origin made after this process started.
   */
  private boolean heldBack(CacheResponse answer) {
    return !state.reconciled() && !answer.collapsed() && cache.survivesRestart(answer.tier());
  }

  private Verdict verdict(Exchange exchange, Metadata metadata) {
    return state.verdict(exchange.key(), exchange.route().id(), exchange.head().path(),
        metadata.attribute(StoredResponse.TAGS), metadata.cachedAt());
  }

  /** Removes {@code key} from every tier, and its pass mark. */
  void invalidate(String key) {
    state.clearPass(key);
    try {
      cache.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warn("invalidating a cache entry failed: {}", e.toString());
    }
  }

  /**
   * What the engine is asked for the exchange: its conditional request ({@link
   * #condition(Exchange)}) served only the request's own variant of a resource that varies; on the
   * resource's first key another variant is answered as such (so the request is keyed again for
   * its own), on a variant's key it is passed over and replaced.
   */
  private CacheRequest condition(Exchange exchange, boolean firstKey) {
    CacheRequest condition = condition(exchange);
    HttpServletRequest request = exchange.request();
    Predicate<Metadata> own = m -> VariantSelector.selects(m, name -> headerValues(request, name));
    return firstKey ? condition.selecting(own) : condition.selectingOnly(own);
  }

  private static List<String> headerValues(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
  }

  /**
   * The engine's condition for the exchange's request: its {@code If-None-Match} and
   * {@code If-Modified-Since}, and, when the route honours them, its {@code max-age},
   * {@code min-fresh}, {@code no-cache} (an entry they refuse is revalidated) and
   * {@code max-stale} (an expired entry it allows is served stale), judged at the filter's now
   * ({@link RequestFreshness}). The shared unconditional one when it has none of these.
   */
  private CacheRequest condition(Exchange exchange) {
    RequestHead head = exchange.head();
    Headers headers = head.headers();
    CacheRequest condition = !headers.contains("If-None-Match")
        && !headers.contains("If-Modified-Since") ? CacheRequest.none()
        : CacheRequest.notModifiedWhen(Conditionals.notModifiedWhen(head));
    RequestFreshness asked = RequestFreshness.of(exchange.route().rules(), head);
    if (asked.constrains()) {
      condition = condition.requiring(m -> asked.acceptable(m, state.now()));
    }
    if (asked.acceptsStale()) {
      condition = condition.allowingStale(m -> asked.acceptableStale(m, state.now()));
    }
    return condition;
  }
}
