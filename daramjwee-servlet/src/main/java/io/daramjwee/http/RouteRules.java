package io.daramjwee.http;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one cached route allows, as the request, storage and freshness decisions read it.
 * Immutable and thread-safe; every value is checked when built, and a bad one fails with an
 * {@link IllegalArgumentException} naming the setting and the value.
 *
 * <p>Defaults of {@link #builder(String)}: fresh for 60 s, no stale window, no stale-if-error,
 * negative entries (404/410) fresh for 10 s, no vary headers, the whole query in the key,
 * {@code Authorization} bypasses the cache, objects up to 10 MiB, the response's
 * {@code Cache-Control} respected, and the statuses RFC 9110 §15.1 calls heuristically cacheable
 * minus 405, 414 and 501: 200, 203, 204, 300, 301, 308, 404, 410; no tag templates; every
 * end-to-end request field forwarded to an upstream ({@link ForwardHeaders#ALL}); the request's
 * own {@code Cache-Control} freshness directives not honoured; heuristic freshness at most one
 * day; {@code Daramjwee-Cache-Control} as this cache's own targeted field (RFC 9213).
 *
 * @param routeId names the route in cache keys, logs and metrics; not blank
 * @param freshFor how long an entry is fresh when the response does not say
 * @param staleFor the stale-while-revalidate window after freshness ends (RFC 5861 §3)
 * @param staleIfError how long after freshness an entry may stand in for a failed origin
 *     (RFC 5861 §4)
 * @param negativeFreshFor how long a 404 or 410 is fresh when the response does not say
 * @param vary request header names whose values join the cache key, in order
 * @param queryInclude only these query parameters join the key; empty for all
 * @param queryExclude these query parameters stay out of the key; empty for none
 * @param allowAuthorization whether requests with {@code Authorization} may use the cache
 * @param maxObjectSize the largest body stored, in bytes; larger fills are aborted
 * @param respectCacheControl whether the response's {@code Cache-Control} (or targeted field)
 *     freshness directives outrank the route's, and may make any status storable
 * @param storableStatuses the heuristically cacheable statuses: stored without explicit
 *     freshness; any other status (but 1xx, 206, 304 and 5xx) needs {@code max-age},
 *     {@code s-maxage}, {@code Expires} or {@code public} (RFC 9111 §3)
 * @param tags tag templates ({@link TagTemplate}) every entry of the route is tagged with, filled
 *     from the route's URI variables, such as {@code article:{id}}; duplicates collapse to the
 *     first, at most {@link EntryTags#MAX_TAGS}
 * @param forwardHeaders which request fields a proxy route's cache fetch sends upstream
 * @param honorRequestCacheControl whether the request's {@code max-age}, {@code min-fresh},
 *     {@code max-stale} and {@code no-cache} (RFC 9111 §5.2.1) are honoured; off, a browser's
 *     reload cannot force origin traffic through a shared cache
 * @param maxHeuristicFreshness the longest heuristic freshness lifetime (RFC 9111 §4.2.2) given
 *     to a response without explicit freshness when {@code freshFor} is zero: 10% of the time
 *     since its {@code Last-Modified}, at most this
 * @param targetedCacheControl the name of this cache's own targeted cache-control field
 *     (RFC 9213), which, like {@code CDN-Cache-Control} after it, takes precedence over
 *     {@code Cache-Control} for storage and freshness when present
 */
public record RouteRules(
    String routeId,
    Duration freshFor,
    Duration staleFor,
    Duration staleIfError,
    Duration negativeFreshFor,
    List<String> vary,
    Set<String> queryInclude,
    Set<String> queryExclude,
    boolean allowAuthorization,
    long maxObjectSize,
    boolean respectCacheControl,
    Set<Integer> storableStatuses,
    List<String> tags,
    ForwardHeaders forwardHeaders,
    boolean honorRequestCacheControl,
    Duration maxHeuristicFreshness,
    String targetedCacheControl) {

  /** Which request fields a proxy route's cache fetch forwards upstream. */
  public enum ForwardHeaders {
    /**
     * Every end-to-end field of the client's request, as a reverse proxy does, except hop-by-hop
     * and framing fields, conditionals and {@code Range}; {@code Authorization} only where the
     * route allows it; and, unless the route varies on them, the fields that belong to one client
     * or change answers without a {@code Vary} ({@code Cookie}, {@code User-Agent},
     * {@code Accept-Encoding}, {@code Cache-Control}, {@code Pragma}, the client's own
     * {@code Forwarded}/{@code X-Forwarded-*}, URL and method overrides). The response's
     * {@code Vary} then selects variants. See {@code ForwardedHeaders} for the full list.
     */
    ALL,
    /** Only the fields the route varies on (and {@code Authorization} where allowed). */
    KEYED
  }

  /** The defaults' storable statuses. */
  public static final Set<Integer> DEFAULT_STORABLE_STATUSES =
      Set.of(200, 203, 204, 300, 301, 308, 404, 410);

  /**
   * The longest any window of an entry may be: freshness, stale-while-revalidate and
   * stale-if-error each, whatever the route or the response says. A response that asks for more
   * (a year of {@code max-age}) is kept this long and then fetched again, as RFC 9111 §4.2 lets a
   * cache do; the bound is what lets a purge mark be forgotten once nothing it covers can be
   * served ({@link #longestLife()}).
   */
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  public RouteRules {
    Objects.requireNonNull(routeId, "routeId");
    if (routeId.isBlank()) {
      throw new IllegalArgumentException("routeId must not be blank: '" + routeId + "'");
    }
    nonNegative("freshFor", freshFor);
    nonNegative("staleFor", staleFor);
    nonNegative("staleIfError", staleIfError);
    nonNegative("negativeFreshFor", negativeFreshFor);
    atMostMaxWindow("freshFor", freshFor);
    atMostMaxWindow("staleFor", staleFor);
    atMostMaxWindow("staleIfError", staleIfError);
    atMostMaxWindow("negativeFreshFor", negativeFreshFor);
    vary = List.copyOf(tokens("vary", vary));
    queryInclude = Set.copyOf(names("queryInclude", queryInclude));
    queryExclude = Set.copyOf(names("queryExclude", queryExclude));
    if (!queryInclude.isEmpty() && !queryExclude.isEmpty()) {
      throw new IllegalArgumentException("queryInclude and queryExclude must not both be set: "
          + queryInclude + " and " + queryExclude);
    }
    if (maxObjectSize <= 0) {
      throw new IllegalArgumentException("maxObjectSize must be positive: " + maxObjectSize);
    }
    Objects.requireNonNull(storableStatuses, "storableStatuses");
    if (storableStatuses.isEmpty()) {
      throw new IllegalArgumentException("storableStatuses must not be empty");
    }
    for (Integer status : storableStatuses) {
      if (status == null || status < 100 || status > 999) {
        throw new IllegalArgumentException(
            "storableStatuses must hold three-digit codes: " + status);
      }
    }
    storableStatuses = Set.copyOf(storableStatuses);
    tags = List.copyOf(templates(tags));
    Objects.requireNonNull(forwardHeaders, "forwardHeaders");
    nonNegative("maxHeuristicFreshness", maxHeuristicFreshness);
    atMostMaxWindow("maxHeuristicFreshness", maxHeuristicFreshness);
    if (!Headers.isToken(targetedCacheControl)) {
      throw new IllegalArgumentException(
          "targetedCacheControl must be a header name: '" + targetedCacheControl + "'");
    }
  }

  /**
   * The longest an entry of this route can be served after it was cached: its freshness plus the
   * longer stale window, from the route, or bounded by {@link #MAX_WINDOW} when responses may
   * choose their own ({@link #respectCacheControl()}).
   */
  public Duration longestLife() {
    if (respectCacheControl) {
      return MAX_WINDOW.multipliedBy(2);
    }
    Duration fresh = freshFor.compareTo(negativeFreshFor) >= 0 ? freshFor
        : negativeFreshFor;
    Duration stale = staleFor.compareTo(staleIfError) >= 0 ? staleFor : staleIfError;
    return fresh.plus(stale);
  }

  private static void atMostMaxWindow(String name, Duration d) {
    if (d.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_WINDOW.toDays()
          + " days (RouteRules.MAX_WINDOW): " + d);
    }
  }

  /** A builder for {@code routeId} with the defaults above. */
  public static Builder builder(String routeId) {
    return new Builder(routeId);
  }

  /** A builder holding these rules, to change a few. */
  public Builder toBuilder() {
    return builder(routeId).freshFor(freshFor).staleFor(staleFor).staleIfError(staleIfError)
        .negativeFreshFor(negativeFreshFor).vary(vary).queryInclude(queryInclude)
        .queryExclude(queryExclude).allowAuthorization(allowAuthorization)
        .maxObjectSize(maxObjectSize).respectCacheControl(respectCacheControl)
        .storableStatuses(storableStatuses).tags(tags).forwardHeaders(forwardHeaders)
        .honorRequestCacheControl(honorRequestCacheControl)
        .maxHeuristicFreshness(maxHeuristicFreshness).targetedCacheControl(targetedCacheControl);
  }

  /** The {@link #tags} parsed, in order. */
  public List<TagTemplate> tagTemplates() {
    List<TagTemplate> parsed = new java.util.ArrayList<>(tags.size());
    for (String t : tags) {
      parsed.add(TagTemplate.parse(t));
    }
    return parsed;
  }

  private static void nonNegative(String setting, Duration d) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative()) {
      throw new IllegalArgumentException(setting + " must not be negative: " + d);
    }
  }

  private static Set<String> names(String setting, Set<String> names) {
    Objects.requireNonNull(names, setting);
    for (String n : names) {
      if (n == null || n.isEmpty()) {
        throw new IllegalArgumentException(setting + " must not hold an empty name: " + names);
      }
    }
    return names;
  }

  /** Each parses as a {@link TagTemplate}; duplicates collapse to the first. */
  private static Set<String> templates(List<String> tags) {
    Objects.requireNonNull(tags, "tags");
    Set<String> kept = new LinkedHashSet<>();
    for (String t : tags) {
      if (t == null) {
        throw new IllegalArgumentException("tags must not hold null: " + tags);
      }
      TagTemplate.parse(t); // names the template when it is malformed
      kept.add(t);
    }
    if (kept.size() > EntryTags.MAX_TAGS) {
      throw new IllegalArgumentException("tags must hold at most " + EntryTags.MAX_TAGS
          + " templates: " + kept.size());
    }
    return kept;
  }

  /** Header names are RFC 9110 §5.6.2 tokens; duplicates (ignoring case) collapse to the first. */
  private static List<String> tokens(String setting, List<String> names) {
    Objects.requireNonNull(names, setting);
    Set<String> seen = new LinkedHashSet<>();
    List<String> kept = new java.util.ArrayList<>();
    for (String n : names) {
      if (!Headers.isToken(n)) {
        throw new IllegalArgumentException(setting + " must hold header names: '" + n + "'");
      }
      if (seen.add(n.toLowerCase(java.util.Locale.ROOT))) {
        kept.add(n);
      }
    }
    return kept;
  }

  /** Collects settings; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private final String routeId;
    private Duration freshFor = Duration.ofSeconds(60);
    private Duration staleFor = Duration.ZERO;
    private Duration staleIfError = Duration.ZERO;
    private Duration negativeFreshFor = Duration.ofSeconds(10);
    private List<String> vary = List.of();
    private Set<String> queryInclude = Set.of();
    private Set<String> queryExclude = Set.of();
    private boolean allowAuthorization;
    private long maxObjectSize = 10L * 1024 * 1024;
    private boolean respectCacheControl = true;
    private Set<Integer> storableStatuses = DEFAULT_STORABLE_STATUSES;
    private List<String> tags = List.of();
    private ForwardHeaders forwardHeaders = ForwardHeaders.ALL;
    private boolean honorRequestCacheControl;
    private Duration maxHeuristicFreshness = Duration.ofDays(1);
    private String targetedCacheControl = "Daramjwee-Cache-Control";

    private Builder(String routeId) {
      this.routeId = routeId;
    }

    public Builder freshFor(Duration freshFor) {
      this.freshFor = freshFor;
      return this;
    }

    public Builder staleFor(Duration staleFor) {
      this.staleFor = staleFor;
      return this;
    }

    public Builder staleIfError(Duration staleIfError) {
      this.staleIfError = staleIfError;
      return this;
    }

    public Builder negativeFreshFor(Duration negativeFreshFor) {
      this.negativeFreshFor = negativeFreshFor;
      return this;
    }

    public Builder vary(List<String> headerNames) {
      this.vary = headerNames;
      return this;
    }

    public Builder vary(String... headerNames) {
      return vary(java.util.Arrays.asList(headerNames));
    }

    public Builder queryInclude(Set<String> parameterNames) {
      this.queryInclude = parameterNames;
      return this;
    }

    public Builder queryExclude(Set<String> parameterNames) {
      this.queryExclude = parameterNames;
      return this;
    }

    public Builder allowAuthorization(boolean allowAuthorization) {
      this.allowAuthorization = allowAuthorization;
      return this;
    }

    public Builder maxObjectSize(long bytes) {
      this.maxObjectSize = bytes;
      return this;
    }

    public Builder respectCacheControl(boolean respectCacheControl) {
      this.respectCacheControl = respectCacheControl;
      return this;
    }

    public Builder storableStatuses(Set<Integer> statuses) {
      this.storableStatuses = statuses;
      return this;
    }

    /** Tag templates, such as {@code article:{id}}; see {@link RouteRules#tags()}. */
    public Builder tags(List<String> templates) {
      this.tags = templates;
      return this;
    }

    public Builder tags(String... templates) {
      return tags(java.util.Arrays.asList(templates));
    }

    public Builder forwardHeaders(ForwardHeaders forwardHeaders) {
      this.forwardHeaders = forwardHeaders;
      return this;
    }

    public Builder honorRequestCacheControl(boolean honor) {
      this.honorRequestCacheControl = honor;
      return this;
    }

    public Builder maxHeuristicFreshness(Duration max) {
      this.maxHeuristicFreshness = max;
      return this;
    }

    /** The name of this cache's own targeted cache-control field (RFC 9213). */
    public Builder targetedCacheControl(String fieldName) {
      this.targetedCacheControl = fieldName;
      return this;
    }

    /** The rules, checked. */
    public RouteRules build() {
      return new RouteRules(routeId, freshFor, staleFor, staleIfError, negativeFreshFor, vary,
          queryInclude, queryExclude, allowAuthorization, maxObjectSize, respectCacheControl,
          storableStatuses, tags, forwardHeaders, honorRequestCacheControl, maxHeuristicFreshness,
          targetedCacheControl);
    }
  }
}
