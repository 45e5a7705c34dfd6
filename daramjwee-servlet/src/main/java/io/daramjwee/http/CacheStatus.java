package io.daramjwee.http;

import io.daramjwee.Metadata;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One member of an RFC 9211 {@code Cache-Status} field, naming this cache {@code daramjwee}, and
 * the {@code Age} of a served entry. Immutable and thread-safe; the {@code with} methods return
 * copies.
 *
 * <p>How the cases map to RFC 9211 §2 (where {@code hit} and {@code fwd} exclude each other):
 *
 * <pre>
 *   fresh hit                          daramjwee; hit; ttl=42; detail=hot
 *   stale hit, refreshed behind it     daramjwee; hit; ttl=-5; detail=hot  (§2.1: not forwarded,
 *     (stale-while-revalidate)                                  so a hit; §2.4: a negative ttl
 *                                                               says it is stale)
 *   stale, revalidated, 304            daramjwee; fwd=stale; fwd-status=304; ttl=60; detail=cold
 *   stale served when the origin fails daramjwee; fwd=stale; fwd-status=503; ttl=-5; detail=hot
 *   miss, stored                       daramjwee; fwd=miss; stored
 *   waited on another request's fill   daramjwee; fwd=miss; collapsed; detail=hot  (§2.6)
 *   bypassed (Authorization, no-store) daramjwee; fwd=bypass
 *   stored but for other Vary values   daramjwee; fwd=vary-miss
 * </pre>
 *
 * There is no {@code stale} parameter on a hit: RFC 9211 marks staleness only through
 * {@code fwd=stale} (§2.2) or a negative {@code ttl}.
 *
 * <p>The field has one {@code detail} (§2.8), free-form, made of words separated by a space: the
 * name of the tier whose entry was served ({@link #withTier}), whenever one was, and then the
 * reason a decision adds ({@link #withDetail}). One word goes out as a token
 * ({@code detail=hot}), several as a string ({@code detail="hot origin-error"}).
 */
public final class CacheStatus {

  /** This cache's identifier in the field (RFC 9211 §2: a token). */
  public static final String CACHE_NAME = "daramjwee";

  /** The largest {@code Age} sent; RFC 9111 §1.2.2 says to send 2^31 when larger. */
  public static final long MAX_AGE = 2_147_483_648L;

  /** Why the request went forward (RFC 9211 §2.2). */
  public enum Forward {
    /** The cache was configured not to handle this request. */
    BYPASS,
    /** The method is not cacheable here. */
    METHOD,
    /** The cache had no entry for the URI. */
    URI_MISS,
    /** The cache had entries for the URI, but the request's Vary values did not match. */
    VARY_MISS,
    /** The cache did not find a usable response (when finer reasons are not told apart). */
    MISS,
    /** The request's own directives (e.g. {@code no-cache}) asked to go forward. */
    REQUEST,
    /** The stored response was stale and had to be validated. */
    STALE,
    /** Only part of the response was stored. */
    PARTIAL;

    private final String token = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The token, e.g. {@code uri-miss}. */
    public String token() {
      return token;
    }
  }

  private final Forward forward;
  private final Integer forwardStatus;
  private final Long ttl;
  private final boolean stored;
  private final boolean collapsed;
  private final String tier;
  private final String detail;

  // Copies made once and shared (every field above is final, so a copy read through a race is
  // whole; at worst it is made twice): the common answers allocate no status and no string.
  private String value; // headerValue()
  private CacheStatus[] byForwardStatus; // withForwardStatus(100..599) of a plain forward status
  private CacheStatus storedCopy; // withStored()
  private CacheStatus lastTiered; // withTier(), for the last tier name asked

  private CacheStatus(Forward forward, Integer forwardStatus, Long ttl, boolean stored,
      boolean collapsed, String tier, String detail) {
    this.forward = forward;
    this.forwardStatus = forwardStatus;
    this.ttl = ttl;
    this.stored = stored;
    this.collapsed = collapsed;
    this.tier = tier;
    this.detail = detail;
  }

  private static final CacheStatus HIT =
      new CacheStatus(null, null, null, false, false, null, null);

  /** Served from the cache without going forward (RFC 9211 §2.1). */
  public static CacheStatus hit() {
    return HIT; // immutable, so every hit shares one
  }

  /** Went forward to the origin for {@code reason} (RFC 9211 §2.2). */
  public static CacheStatus forward(Forward reason) {
    return FORWARDS[Objects.requireNonNull(reason, "reason").ordinal()];
  }

  private static final CacheStatus[] FORWARDS = Arrays.stream(Forward.values())
      .map(f -> new CacheStatus(f, null, null, false, false, null, null))
      .toArray(CacheStatus[]::new);

  /**
   * With the status the forward request got (RFC 9211 §2.3).
   *
   * @throws IllegalStateException on a hit, which has no forward request
   * @throws IllegalArgumentException when {@code status} is not a three-digit code
   */
  public CacheStatus withForwardStatus(int status) {
    requireForward("fwd-status");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("fwd-status must be a three-digit code: " + status);
    }
    if (this != FORWARDS[forward.ordinal()] || status > 599) {
      return new CacheStatus(forward, status, ttl, stored, collapsed, tier, detail);
    }
    CacheStatus[] copies = byForwardStatus;
    if (copies == null) {
      byForwardStatus = copies = new CacheStatus[500];
    }
    CacheStatus copy = copies[status - 100];
    if (copy == null) {
      copies[status - 100] = copy = new CacheStatus(forward, status, null, false, false, null,
          null);
    }
    return copy;
  }

  /**
   * With the remaining freshness lifetime (RFC 9211 §2.4), rounded toward negative infinity to
   * whole seconds; negative when the response is stale.
   */
  public CacheStatus withTtl(Duration remaining) {
    long seconds = Math.floorDiv(remaining.toMillis(), 1000);
    return new CacheStatus(forward, forwardStatus, seconds, stored, collapsed, tier, detail);
  }

  /** Marks that the response was stored (RFC 9211 §2.5). */
  public CacheStatus withStored() {
    requireForward("stored");
    CacheStatus copy = storedCopy;
    if (copy == null) {
      storedCopy = copy = new CacheStatus(forward, forwardStatus, ttl, true, collapsed, tier,
          detail);
    }
    return copy;
  }

  /** Marks that the request was collapsed into another's forward request (RFC 9211 §2.6). */
  public CacheStatus withCollapsed() {
    requireForward("collapsed");
    return new CacheStatus(forward, forwardStatus, ttl, stored, true, tier, detail);
  }

  /**
   * With implementation detail (RFC 9211 §2.8): a reason, sent after the tier's name when there
   * is one (see the class), as a token when the whole detail is one, else as a quoted string.
   *
   * @throws IllegalArgumentException when {@code detail} is empty or holds a character outside
   *     printable ASCII, which a structured-field string cannot carry (RFC 8941 §3.3.3)
   */
  public CacheStatus withDetail(String detail) {
    return new CacheStatus(forward, forwardStatus, ttl, stored, collapsed, tier,
        printable("detail", detail));
  }

  /**
   * With the name of the tier whose entry was served, first in the detail (RFC 9211 §2.8, as its
   * example {@code detail=MEMORY}): on a hit, and on any other answer served from a stored entry
   * (collapsed, revalidated, stale-if-error).
   *
   * @throws IllegalArgumentException when {@code tierName} is empty or not printable ASCII
   */
  public CacheStatus withTier(String tierName) {
    CacheStatus last = lastTiered;
    if (last != null && last.tier.equals(tierName)) {
      return last;
    }
    CacheStatus copy = new CacheStatus(forward, forwardStatus, ttl, stored, collapsed,
        printable("tier name", tierName), detail);
    lastTiered = copy;
    return copy;
  }

  private static String printable(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(what + " must be printable ASCII: " + value);
      }
    }
    return value;
  }

  /** The field member, e.g. {@code daramjwee; fwd=miss; stored}. */
  public String headerValue() {
    String v = value;
    if (v == null) {
      value = v = format();
    }
    return v;
  }

  private String format() {
    StringBuilder s = new StringBuilder(64).append(CACHE_NAME);
    if (forward == null) {
      s.append("; hit");
    } else {
      s.append("; fwd=").append(forward.token());
    }
    if (forwardStatus != null) {
      s.append("; fwd-status=").append(forwardStatus);
    }
    if (ttl != null) {
      s.append("; ttl=").append(ttl);
    }
    if (stored) {
      s.append("; stored");
    }
    if (collapsed) {
      s.append("; collapsed");
    }
    String words = tier == null ? detail : detail == null ? tier : tier + " " + detail;
    if (words != null) {
      s.append("; detail=");
      if (isToken(words)) {
        s.append(words);
      } else {
        s.append('"').append(words.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return headerValue();
  }

  /**
   * The {@code Age} of an entry at {@code now} in whole seconds (RFC 9111 §4.2.3, §5.1): the
   * time since {@link Metadata#cachedAt()} plus any {@code Age} the stored response arrived
   * with; never negative (a clock stepping back gives 0) and capped at {@link #MAX_AGE}.
   */
  public static long age(Metadata metadata, Instant now) {
    long resident = Math.max(0, Duration.between(metadata.cachedAt(), now).getSeconds());
    long initial = 0;
    String stored = StoredResponse.header(metadata, "Age");
    if (stored != null && !stored.isEmpty() && stored.chars().allMatch(Character::isDigit)
        && stored.chars().allMatch(c -> c < 128)) {
      initial = stored.length() > 10 ? MAX_AGE : Long.parseLong(stored);
    }
    return Math.min(MAX_AGE, resident + initial);
  }

  private void requireForward(String parameter) {
    if (forward == null) {
      throw new IllegalStateException(parameter + " applies only to a forwarded request");
    }
  }

  /** RFC 8941 §3.3.4 sf-token: (ALPHA / "*") *( tchar / ":" / "/" ). */
  private static boolean isToken(String s) {
    char first = s.charAt(0);
    if (!(first == '*' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }
}
