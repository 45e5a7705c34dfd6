package io.daramjwee.spring;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/** One route configured in properties. Unset freshness settings take the top-level ones. */
public class RouteProperties {

  /** The route's id, naming it in cache keys, metrics and purges; unset uses the pattern. */
  private String id;

  /** The Ant-style path pattern the route covers, such as /proxy/**; required. */
  private String pattern;

  /** The base URL (http or https) of the origin a proxy route forwards to; unset for a route the application's own controllers answer. */
  private URI upstream;

  /** How long an entry is fresh when the response does not say; unset uses daramjwee.fresh-for. */
  private Duration freshFor;

  /** The stale-while-revalidate window; unset uses daramjwee.stale-for. */
  private Duration staleFor;

  /** How long after freshness an entry may stand in for a failing origin; unset uses daramjwee.stale-if-error. */
  private Duration staleIfError;

  /** How long a 404 or 410 is fresh; unset uses daramjwee.negative-fresh-for. */
  private Duration negativeFreshFor;

  /** Request header names whose values join the cache key. */
  private List<String> vary = new ArrayList<>();

  /** Only these query parameters join the cache key; empty keeps them all. */
  private List<String> queryInclude = new ArrayList<>();

  /** These query parameters stay out of the cache key. */
  private List<String> queryExclude = new ArrayList<>();

  /** Whether requests with Authorization may use the cache (keyed per Authorization value). */
  private boolean allowAuthorization = false;

  /** The largest body stored on this route; unset uses daramjwee.max-object-size. */
  private DataSize maxObjectSize;

  /**
   * Which request header fields a proxy route's cache fetch sends upstream: all (every end-to-end
   * field but hop-by-hop, framing, conditionals and Range; the client's Forwarded, X-Forwarded-*,
   * Cookie, User-Agent, Accept-Encoding, Cache-Control and Pragma only when the route varies on
   * them; Authorization only when allowed) or keyed (only the vary fields).
   */
  private ForwardHeaders forwardHeaders = ForwardHeaders.ALL;

  /** Whether the request's own Cache-Control freshness directives are honoured; unset uses daramjwee.honor-request-cache-control. */
  private Boolean honorRequestCacheControl;

  /**
   * Tag templates every entry of this route is stored with, such as article:{id}, filled from the
   * pattern's variables; they name its entries in purges.
   */
  private List<String> tags = new ArrayList<>();

  /** Which request header fields a proxy route's cache fetch sends upstream. */
  public enum ForwardHeaders {
    /** Every end-to-end field of the client's request; the response's Vary selects variants. */
    ALL,
    /** Only the fields the route varies on. */
    KEYED
  }

  public ForwardHeaders getForwardHeaders() {
    return forwardHeaders;
  }

  public void setForwardHeaders(ForwardHeaders forwardHeaders) {
    this.forwardHeaders = forwardHeaders;
  }

  public Boolean getHonorRequestCacheControl() {
    return honorRequestCacheControl;
  }

  public void setHonorRequestCacheControl(Boolean honorRequestCacheControl) {
    this.honorRequestCacheControl = honorRequestCacheControl;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getPattern() {
    return pattern;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  public URI getUpstream() {
    return upstream;
  }

  public void setUpstream(URI upstream) {
    this.upstream = upstream;
  }

  public Duration getFreshFor() {
    return freshFor;
  }

  public void setFreshFor(Duration freshFor) {
    this.freshFor = freshFor;
  }

  public Duration getStaleFor() {
    return staleFor;
  }

  public void setStaleFor(Duration staleFor) {
    this.staleFor = staleFor;
  }

  public Duration getStaleIfError() {
    return staleIfError;
  }

  public void setStaleIfError(Duration staleIfError) {
    this.staleIfError = staleIfError;
  }

  public Duration getNegativeFreshFor() {
    return negativeFreshFor;
  }

  public void setNegativeFreshFor(Duration negativeFreshFor) {
    this.negativeFreshFor = negativeFreshFor;
  }

  public List<String> getVary() {
    return vary;
  }

  public void setVary(List<String> vary) {
    this.vary = vary;
  }

  public List<String> getQueryInclude() {
    return queryInclude;
  }

  public void setQueryInclude(List<String> queryInclude) {
    this.queryInclude = queryInclude;
  }

  public List<String> getQueryExclude() {
    return queryExclude;
  }

  public void setQueryExclude(List<String> queryExclude) {
    this.queryExclude = queryExclude;
  }

  public boolean isAllowAuthorization() {
    return allowAuthorization;
  }

  public void setAllowAuthorization(boolean allowAuthorization) {
    this.allowAuthorization = allowAuthorization;
  }

  public DataSize getMaxObjectSize() {
    return maxObjectSize;
  }

  public void setMaxObjectSize(DataSize maxObjectSize) {
    this.maxObjectSize = maxObjectSize;
  }

  public List<String> getTags() {
    return tags;
  }

  public void setTags(List<String> tags) {
    this.tags = tags;
  }
}
