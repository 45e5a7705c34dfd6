package io.daramjwee.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code daramjwee.*} properties. Once bound they check themselves ({@link Validator}), so a
 * bad value fails startup with the failure analyzer naming the property; what depends on several
 * properties (a store type and its settings) is checked when the beans are built, also naming the
 * property. The groups are types of their own ({@link HotTierProperties} and the like, and
 * {@link RouteProperties} for one entry of {@code routes}); the enums stay nested, as the
 * configuration metadata names properties' types by them.
 */
@ConfigurationProperties("daramjwee")
public class DaramjweeProperties implements Validator {

  /** Whether the cache and its filter are installed. */
  private boolean enabled = true;

  /** Whether responses on cached routes carry an RFC 9211 Cache-Status header. */
  private boolean cacheStatus = true;

  /** Whether a response's Cache-Control freshness directives outrank the configured freshness. */
  private boolean respectCacheControl = true;

  /**
   * Whether a request's own Cache-Control freshness directives (max-age, min-fresh, max-stale,
   * no-cache) are honoured; off, a browser's reload cannot force traffic to the origin.
   */
  private boolean honorRequestCacheControl = false;

  /**
   * The name of this cache's own targeted cache-control field (RFC 9213): when a response carries
   * it (or, after it, CDN-Cache-Control), it decides storage and freshness instead of
   * Cache-Control, which still reaches the client unchanged.
   */
  private String cacheControlField = "Daramjwee-Cache-Control";

  /**
   * The longest heuristic freshness (10% of the time since Last-Modified) given to a response
   * without explicit freshness on a route whose fresh-for is zero.
   */
  private Duration maxHeuristicFreshness = Duration.ofDays(1);

  /** The largest response body stored; a larger one is served in full but not stored. */
  private DataSize maxObjectSize = DataSize.ofMegabytes(10);

  /** How long a request waits for a concurrent miss on the same key before going to the origin itself. */
  private Duration coalesceTimeout = Duration.ofSeconds(5);

  /** How long a key whose response proved uncacheable skips the cache; zero turns this off. */
  private Duration passFor = Duration.ofSeconds(30);

  /** How long an entry is fresh when neither the route nor the response says. */
  private Duration freshFor = Duration.ofSeconds(60);

  /** How long after freshness an entry is still served while one refresh runs behind it. */
  private Duration staleFor = Duration.ZERO;

  /** How long after freshness an entry may stand in for an origin that fails. */
  private Duration staleIfError = Duration.ZERO;

  /** How long a 404 or 410 is fresh when neither the route nor the response says. */
  private Duration negativeFreshFor = Duration.ofSeconds(10);

  /** The filter's position among servlet filters; the default runs after Spring Security (-100). */
  private int filterOrder = 0;

  /** The response header that names the tags stored with an entry, space-separated. */
  private String tagHeader = "Surrogate-Key";

  /**
   * Whether the tag header reaches clients and is stored as a header; off removes it from every
   * response on a cached route.
   */
  private boolean exposeTagHeader = false;

  /** The background worker that refreshes stale entries and fills lower tiers. */
  @NestedConfigurationProperty
  private final WorkerProperties worker = new WorkerProperties();

  /** How refreshes of controller routes reach the application. */
  @NestedConfigurationProperty
  private final RefreshProperties refresh = new RefreshProperties();

  /** The upstream HTTP client that proxy routes share. */
  @NestedConfigurationProperty
  private final UpstreamProperties upstream = new UpstreamProperties();

  /** The hot tier, read on every hit. */
  @NestedConfigurationProperty
  private final HotTierProperties hot = new HotTierProperties();

  /** The warm tier, shared by the application's instances, read when the hot tier misses. */
  @NestedConfigurationProperty
  private final WarmTierProperties warm = new WarmTierProperties();

  /** The cold tier, read when the tiers above miss; its hits are promoted into them. */
  @NestedConfigurationProperty
  private final ColdTierProperties cold = new ColdTierProperties();

  /** When lower-tier hits are promoted into the tiers above. */
  @NestedConfigurationProperty
  private final PromotionProperties promotion = new PromotionProperties();

  /** Cluster mode: purges shared by every instance over Redis. */
  @NestedConfigurationProperty
  private final ClusterProperties cluster = new ClusterProperties();

  /** Where purge marks outlive a restart. */
  @NestedConfigurationProperty
  private final PurgeProperties purge = new PurgeProperties();

  /** Routes configured here rather than with the @Daramjwee annotation, tried in order before those. */
  private List<RouteProperties> routes = new ArrayList<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isCacheStatus() {
    return cacheStatus;
  }

  public void setCacheStatus(boolean cacheStatus) {
    this.cacheStatus = cacheStatus;
  }

  public boolean isHonorRequestCacheControl() {
    return honorRequestCacheControl;
  }

  public void setHonorRequestCacheControl(boolean honorRequestCacheControl) {
    this.honorRequestCacheControl = honorRequestCacheControl;
  }

  public String getCacheControlField() {
    return cacheControlField;
  }

  public void setCacheControlField(String cacheControlField) {
    this.cacheControlField = cacheControlField;
  }

  public Duration getMaxHeuristicFreshness() {
    return maxHeuristicFreshness;
  }

  public void setMaxHeuristicFreshness(Duration maxHeuristicFreshness) {
    this.maxHeuristicFreshness = maxHeuristicFreshness;
  }

  public boolean isRespectCacheControl() {
    return respectCacheControl;
  }

  public void setRespectCacheControl(boolean respectCacheControl) {
    this.respectCacheControl = respectCacheControl;
  }

  public DataSize getMaxObjectSize() {
    return maxObjectSize;
  }

  public void setMaxObjectSize(DataSize maxObjectSize) {
    this.maxObjectSize = maxObjectSize;
  }

  public Duration getCoalesceTimeout() {
    return coalesceTimeout;
  }

  public void setCoalesceTimeout(Duration coalesceTimeout) {
    this.coalesceTimeout = coalesceTimeout;
  }

  public Duration getPassFor() {
    return passFor;
  }

  public void setPassFor(Duration passFor) {
    this.passFor = passFor;
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

  public int getFilterOrder() {
    return filterOrder;
  }

  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  public String getTagHeader() {
    return tagHeader;
  }

  public void setTagHeader(String tagHeader) {
    this.tagHeader = tagHeader;
  }

  public boolean isExposeTagHeader() {
    return exposeTagHeader;
  }

  public void setExposeTagHeader(boolean exposeTagHeader) {
    this.exposeTagHeader = exposeTagHeader;
  }

  public WorkerProperties getWorker() {
    return worker;
  }

  public RefreshProperties getRefresh() {
    return refresh;
  }

  public UpstreamProperties getUpstream() {
    return upstream;
  }

  public HotTierProperties getHot() {
    return hot;
  }

  public WarmTierProperties getWarm() {
    return warm;
  }

  public ColdTierProperties getCold() {
    return cold;
  }

  public PromotionProperties getPromotion() {
    return promotion;
  }

  public ClusterProperties getCluster() {
    return cluster;
  }

  public PurgeProperties getPurge() {
    return purge;
  }

  /** The binder asks this of the bound properties, before they are used. */
  @Override
  public boolean supports(Class<?> type) {
    return DaramjweeProperties.class.isAssignableFrom(type);
  }

  /** Checks every value, rejecting a bad one under its full property path. */
  @Override
  public void validate(Object target, Errors errors) {
    PropertiesCheck.validate((DaramjweeProperties) target, errors);
  }

  public List<RouteProperties> getRoutes() {
    return routes;
  }

  public void setRoutes(List<RouteProperties> routes) {
    this.routes = routes;
  }

  /** The eviction policies of the memory and file stores. */
  public enum Eviction {
    /** Least recently used. */
    LRU,
    /** S3-FIFO: a small probation queue in front of a main queue, with a ghost history. */
    S3_FIFO,
    /** SIEVE: one queue with a visited bit and a moving hand. */
    SIEVE;

    /** The name the stores' builders know it by. */
    public String policyName() {
      return switch (this) {
        case LRU -> "lru";
        case S3_FIFO -> "s3-fifo";
        case SIEVE -> "sieve";
      };
    }
  }

  /** What the hot tier is stored in. */
  public enum HotType {
    /** Ehcache when it is on the classpath, else memory. */
    AUTO,
    /** Ehcache: heap, optionally off-heap and disk. */
    EHCACHE,
    /** daramjwee's own memory store. */
    MEMORY,
    /** daramjwee's own file store. */
    FILE,
    /** No hot tier: the cold tier is read on every hit, so it must be a store that may be tier 0. */
    NONE
  }

  /** What the warm tier is stored in. */
  public enum WarmType {
    /** No warm tier. */
    NONE,
    /** A Redis server, Spring Boot's spring.data.redis.*, shared by every instance. */
    REDIS
  }

  /** What the cold tier is stored in. */
  public enum ColdType {
    /** No cold tier. */
    NONE,
    /** An S3 bucket, or an S3-compatible server. */
    S3,
    /** daramjwee's own file store. */
    FILE
  }
}
