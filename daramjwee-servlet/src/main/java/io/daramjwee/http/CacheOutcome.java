package io.daramjwee.http;

import io.daramjwee.CacheResponse.Source;
import java.util.Objects;

/**
 * What one request through the cache came to: the RFC 9211 {@code Cache-Status} to send, the
 * result to count, and whether the key should go past the cache for a while (a pass mark).
 * {@link #decide} is the one place that says so, a pure function of three facts, as OkHttp's
 * {@code CacheStrategy} is of (now, request, cached response): how the engine answered (its
 * {@link Source}, or {@code null} when it gave no answer), what the origin did ({@link Origin}),
 * and what else shaped the request ({@link Condition}). It does no I/O and judges no freshness:
 * the engine already told a stale hit inside its window ({@link Source#STALE}) from one standing
 * in for a failed origin ({@link Source#STALE_IF_ERROR}). Immutable and thread-safe.
 *
 * <pre>
 *   answer          origin     condition       Cache-Status                          result
 *   FRESH           -          -               hit                                   HIT
 *   STALE           -          -               hit                                   STALE
 *   COLLAPSED       -          -               fwd=miss; collapsed                   COLLAPSED
 *   REVALIDATED     -          -               fwd=stale; fwd-status=304             REVALIDATED
 *   STALE_IF_ERROR  503        -               fwd=stale; fwd-status=503             STALE_IF_ERROR
 *   STALE_IF_ERROR  failed     -               fwd=stale                             STALE_IF_ERROR
 *   STALE_IF_ERROR  none       -               fwd=stale; detail=origin-error        STALE_IF_ERROR
 *   ORIGIN          200        NONE            fwd=miss; fwd-status=200; stored      MISS
 *   ORIGIN          200        NOT_STORED      fwd=miss; fwd-status=200              MISS
 *   ORIGIN          200        UNCACHEABLE     fwd=miss; fwd-status=200  (pass mark) MISS
 *   ORIGIN          any        FILL_ENDED      (none)                                MISS
 *   ORIGIN or null  failed     NONE            fwd=miss                              UPSTREAM_ERROR
 *   ORIGIN or null  failed     NOT_STORED      fwd=miss                              MISS
 *   any             200        BYPASS_METHOD   fwd=method; fwd-status=200            BYPASS
 *   any             200        BYPASS_REQUEST  fwd=bypass; fwd-status=200            BYPASS
 *   any             200        PASS            fwd=bypass; fwd-status=200; detail=.. PASS
 *   any             200        CACHE_FAILED    fwd=miss; fwd-status=200              ERROR
 *   any             none       CACHE_FAILED    (none)                                ERROR
 * </pre>
 *
 * What only the served entry knows is added where it is served, not decided here: its
 * {@code ttl} and, on every answer served from a tier (hit, stale hit, collapsed, revalidated,
 * stale-if-error), the tier's name as the first word of the {@code detail}
 * ({@code daramjwee; hit; ttl=42; detail=hot}; see {@link CacheStatus#withTier}).
 *
 * <p>A request that went past the cache and whose origin then failed says {@code fwd=miss} and
 * keeps its result (the client got a gateway error, which is the origin's, not the cache's);
 * {@code fwd-status} appears whenever the origin's status is known. Inputs that do not apply to
 * an answer are ignored: a fresh hit has no origin.
 *
 * @param cacheStatus the {@code Cache-Status} member to send, or {@code null} to send none (the
 *     origin's response goes out as it is)
 * @param result how the request is counted
 * @param markPass whether the key should skip coalescing for a while: the response forbade
 *     sharing itself, which the next response for the key will most likely do too
 */
public record CacheOutcome(CacheStatus cacheStatus, CacheResult result, boolean markPass) {

  /** What, beside the engine's answer, shaped the request; exactly one applies. */
  public enum Condition {
    /** Nothing: a hit, or a miss whose response is being stored. */
    NONE,
    /** The method is not one the cache serves (RFC 9211 {@code fwd=method}). */
    BYPASS_METHOD,
    /** The request is not for a shared cache ({@code Authorization}, {@code no-store}). */
    BYPASS_REQUEST,
    /** The key's responses recently proved uncacheable: straight to the origin. */
    PASS,
    /** A tier or an entry failed; the origin answered instead. */
    CACHE_FAILED,
    /**
     * The response is served but not stored for a reason of its own request (a HEAD, its
     * status), which says nothing about the next request for the key.
     */
    NOT_STORED,
    /**
     * The response forbids sharing itself ({@code no-store}, {@code private}, {@code Set-Cookie},
     * {@code Vary: *}, too large, or stale at once without a validator to revalidate it by): not
     * stored, and the key goes past coalescing for a while. A {@code no-cache} response with a
     * validator is stored (and revalidated before each reuse), so it is not one of these.
     */
    UNCACHEABLE,
    /**
     * The fill ended (an async error or timeout) before the response was decided: what the
     * application writes afterwards goes out as it is.
     */
    FILL_ENDED
  }

  /** What the origin did for this request: nothing known, failed, or a status. Immutable. */
  public static final class Origin {
    /** The origin was not asked, or its answer is not known where the outcome is decided. */
    public static final Origin NONE = new Origin(0);
    /** The origin failed without a status: unreachable, timed out, broke off. */
    public static final Origin FAILED = new Origin(-1);

    private final int status;

    private Origin(int status) {
      this.status = status;
    }

    /**
     * The origin answered {@code status} (for a stale stand-in: the error it answered).
     *
     * @throws IllegalArgumentException when {@code status} is not a three-digit code
     */
    public static Origin answered(int status) {
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("status must be a three-digit code: " + status);
      }
      return status < 600 ? ANSWERED[status - 100] : new Origin(status);
    }

    private static final Origin[] ANSWERED = new Origin[500]; // 100..599, made once

    static {
      for (int i = 0; i < ANSWERED.length; i++) {
        ANSWERED[i] = new Origin(100 + i);
      }
    }

    /** The status the origin answered, or -1 when it did not or it is not known. */
    public int status() {
      return status > 0 ? status : -1;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Origin other && other.status == status;
    }

    @Override
    public int hashCode() {
      return status;
    }

    @Override
    public String toString() {
      return status == 0 ? "none" : status < 0 ? "failed" : Integer.toString(status);
    }
  }

  // The outcomes of the hit path are constants: deciding a hit allocates nothing.
  private static final CacheOutcome FRESH_HIT =
      new CacheOutcome(CacheStatus.hit(), CacheResult.HIT, false);
  private static final CacheOutcome STALE_HIT =
      new CacheOutcome(CacheStatus.hit(), CacheResult.STALE, false);
  private static final CacheOutcome COLLAPSED = new CacheOutcome(
      CacheStatus.forward(CacheStatus.Forward.MISS).withCollapsed(), CacheResult.COLLAPSED,
      false);
  private static final CacheOutcome REVALIDATED = new CacheOutcome(
      CacheStatus.forward(CacheStatus.Forward.STALE).withForwardStatus(304),
      CacheResult.REVALIDATED, false);

  public CacheOutcome {
    Objects.requireNonNull(result, "result");
  }

  /**
   * The outcome of a request the engine answered from {@code answer} ({@code null}: it gave no
   * answer), the origin did {@code origin}, under {@code condition}; see the table above.
   */
  public static CacheOutcome decide(Source answer, Origin origin, Condition condition) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(condition, "condition");
    switch (condition) {
      case BYPASS_METHOD:
        return past(CacheStatus.Forward.METHOD, origin, CacheResult.BYPASS);
      case BYPASS_REQUEST:
        return past(CacheStatus.Forward.BYPASS, origin, CacheResult.BYPASS);
      case PASS:
        return new CacheOutcome(origin == Origin.FAILED ? miss(origin)
            : withStatus(CacheStatus.forward(CacheStatus.Forward.BYPASS), origin)
                .withDetail("uncacheable"), CacheResult.PASS, false);
      case CACHE_FAILED:
        // The origin's response goes out as it is; say what went forward only when known.
        return new CacheOutcome(origin == Origin.NONE ? null : miss(origin), CacheResult.ERROR,
            false);
      default:
        break;
    }
    if (answer == null || answer == Source.ORIGIN) {
      return fromOrigin(origin, condition);
    }
    return switch (answer) {
      case FRESH -> FRESH_HIT;
      // RFC 9211 §2.1: not forwarded, so a hit; the ttl sent with it is negative (§2.4).
      case STALE -> STALE_HIT;
      case COLLAPSED -> COLLAPSED;
      case REVALIDATED -> REVALIDATED;
      case STALE_IF_ERROR ->
          new CacheOutcome(staleIfError(origin), CacheResult.STALE_IF_ERROR, false);
      case ORIGIN -> throw new AssertionError("handled above");
    };
  }

  /** The origin answered for the cache (a miss), or failed with nothing to stand in. */
  private static CacheOutcome fromOrigin(Origin origin, Condition condition) {
    if (origin == Origin.FAILED) {
      // Nothing stood in: the client gets a gateway error. It is the origin's failure when the
      // cache asked for itself; a request passed on (a HEAD) keeps the result it had.
      return new CacheOutcome(miss(origin),
          condition == Condition.NONE ? CacheResult.UPSTREAM_ERROR : CacheResult.MISS, false);
    }
    return switch (condition) {
      case NONE -> new CacheOutcome(miss(origin).withStored(), CacheResult.MISS, false);
      case UNCACHEABLE -> new CacheOutcome(miss(origin), CacheResult.MISS, true);
      // Whatever went out before the fill ended already carries its own fields.
      case FILL_ENDED -> new CacheOutcome(null, CacheResult.MISS, false);
      default -> new CacheOutcome(miss(origin), CacheResult.MISS, false);
    };
  }

  /** Went past the cache for {@code why}; a failed origin leaves only {@code fwd=miss}. */
  private static CacheOutcome past(CacheStatus.Forward why, Origin origin, CacheResult result) {
    CacheStatus status = origin == Origin.FAILED ? miss(origin)
        : withStatus(CacheStatus.forward(why), origin);
    return new CacheOutcome(status, result, false);
  }

  private static CacheStatus staleIfError(Origin origin) {
    CacheStatus stale = CacheStatus.forward(CacheStatus.Forward.STALE);
    if (origin == Origin.NONE) {
      // The engine stood in for an origin failure this request did not see itself.
      return stale.withDetail("origin-error");
    }
    return withStatus(stale, origin);
  }

  private static CacheStatus miss(Origin origin) {
    return withStatus(CacheStatus.forward(CacheStatus.Forward.MISS), origin);
  }

  private static CacheStatus withStatus(CacheStatus status, Origin origin) {
    return origin.status > 0 ? status.withForwardStatus(origin.status) : status;
  }
}
