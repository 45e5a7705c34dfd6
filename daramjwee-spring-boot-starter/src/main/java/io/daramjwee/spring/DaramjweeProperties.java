package io.daramjwee.spring;

import java.net.URI;
import java.nio.file.Path;
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
 * property.
 */
@ConfigurationProperties("daramjwee")
public class DaramjweeProperties implements Validator {

  /** Whether the cache and its filter are installed. */
  private boolean enabled = true;

  /** Whether responses on cached routes carry an RFC 9211 Cache-Status header. */
  private boolean cacheStatus = true;

  /** Whether a response's Cache-Control freshness directives outrank the configured freshness. */
  private boolean respectCacheControl = true;

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

  /** The background worker that refreshes stale entries and fills lower tiers. */
  @NestedConfigurationProperty
  private final Worker worker = new Worker();

  /** How refreshes of controller routes reach the application. */
  @NestedConfigurationProperty
  private final Refresh refresh = new Refresh();

  /** The upstream HTTP client that proxy routes share. */
  @NestedConfigurationProperty
  private final Upstream upstream = new Upstream();

  /** The hot tier, read on every hit. */
  @NestedConfigurationProperty
  private final Hot hot = new Hot();

  /** The cold tier, read when the hot tier misses; its hits are promoted into the hot tier. */
  @NestedConfigurationProperty
  private final Cold cold = new Cold();

  /** Routes configured here rather than with the @Daramjwee annotation, tried in order before those. */
  private List<Route> routes = new ArrayList<>();

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

  public Worker getWorker() {
    return worker;
  }

  public Refresh getRefresh() {
    return refresh;
  }

  public Upstream getUpstream() {
    return upstream;
  }

  public Hot getHot() {
    return hot;
  }

  public Cold getCold() {
    return cold;
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

  public List<Route> getRoutes() {
    return routes;
  }

  public void setRoutes(List<Route> routes) {
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

  /** What the cold tier is stored in. */
  public enum ColdType {
    /** No cold tier. */
    NONE,
    /** An S3 bucket, or an S3-compatible server. */
    S3,
    /** daramjwee's own file store. */
    FILE
  }

  /** The background worker. */
  public static class Worker {

    /** How many threads run refreshes and lower-tier writes. */
    private int threads = 2;

    /** How many jobs may wait; a full queue drops new jobs rather than blocking requests. */
    private int queueSize = 1024;

    /** How long one job may run before it is interrupted. */
    private Duration jobTimeout = Duration.ofSeconds(30);

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }

    public int getQueueSize() {
      return queueSize;
    }

    public void setQueueSize(int queueSize) {
      this.queueSize = queueSize;
    }

    public Duration getJobTimeout() {
      return jobTimeout;
    }

    public void setJobTimeout(Duration jobTimeout) {
      this.jobTimeout = jobTimeout;
    }
  }

  /** Refreshes of controller routes, which run the controller again over a loopback request. */
  public static class Refresh {

    /**
     * The application's own base URL for refresh requests, reached over loopback; unset uses the
     * port each request arrived on at 127.0.0.1.
     */
    private URI baseUrl;

    /** How long a refresh waits to connect, and for each read. */
    private Duration timeout = Duration.ofSeconds(30);

    public URI getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** The HTTP client of proxy routes. */
  public static class Upstream {

    /** How long connecting to an upstream may take. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /** How long an upstream may take to answer, and between reads of its body. */
    private Duration responseTimeout = Duration.ofSeconds(30);

    /** How many connections each upstream may have open at once. */
    private int maxConnections = 100;

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getResponseTimeout() {
      return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
      this.responseTimeout = responseTimeout;
    }

    public int getMaxConnections() {
      return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }
  }

  /** The hot tier. */
  public static class Hot {

    /** The hot tier's store. */
    private HotType type = HotType.AUTO;

    /** The Ehcache store, when the type is ehcache (or auto with Ehcache present). */
    @NestedConfigurationProperty
    private final Ehcache ehcache = new Ehcache();

    /** The memory store, when the type is memory (or auto without Ehcache). */
    @NestedConfigurationProperty
    private final Memory memory = new Memory();

    /** The file store, when the type is file. */
    @NestedConfigurationProperty
    private final File file = new File();

    public HotType getType() {
      return type;
    }

    public void setType(HotType type) {
      this.type = type;
    }

    public Ehcache getEhcache() {
      return ehcache;
    }

    public Memory getMemory() {
      return memory;
    }

    public File getFile() {
      return file;
    }
  }

  /** The cold tier. */
  public static class Cold {

    /** The cold tier's store. */
    private ColdType type = ColdType.NONE;

    /** The S3 store, when the type is s3. */
    @NestedConfigurationProperty
    private final S3 s3 = new S3();

    /** The file store, when the type is file. */
    @NestedConfigurationProperty
    private final File file = new File();

    public ColdType getType() {
      return type;
    }

    public void setType(ColdType type) {
      this.type = type;
    }

    public S3 getS3() {
      return s3;
    }

    public File getFile() {
      return file;
    }
  }

  /** An Ehcache store: a heap pool, optionally backed by off-heap memory and a disk pool. */
  public static class Ehcache {

    /** The bytes of values the heap pool holds. */
    private DataSize heapSize = DataSize.ofMegabytes(64);

    /** The bytes of the off-heap pool; zero for none. */
    private DataSize offHeapSize = DataSize.ofBytes(0);

    /** The bytes of the disk pool; zero for none. */
    private DataSize diskSize = DataSize.ofBytes(0);

    /** The directory of the disk pool; unset uses a daramjwee-ehcache directory under java.io.tmpdir. */
    private Path directory;

    /** Whether the disk pool survives a restart. */
    private boolean persistent = false;

    public DataSize getHeapSize() {
      return heapSize;
    }

    public void setHeapSize(DataSize heapSize) {
      this.heapSize = heapSize;
    }

    public DataSize getOffHeapSize() {
      return offHeapSize;
    }

    public void setOffHeapSize(DataSize offHeapSize) {
      this.offHeapSize = offHeapSize;
    }

    public DataSize getDiskSize() {
      return diskSize;
    }

    public void setDiskSize(DataSize diskSize) {
      this.diskSize = diskSize;
    }

    public Path getDirectory() {
      return directory;
    }

    public void setDirectory(Path directory) {
      this.directory = directory;
    }

    public boolean isPersistent() {
      return persistent;
    }

    public void setPersistent(boolean persistent) {
      this.persistent = persistent;
    }
  }

  /** daramjwee's memory store. */
  public static class Memory {

    /** The most bytes the store holds, bodies and metadata together. */
    private DataSize capacity = DataSize.ofMegabytes(64);

    /** Which entry goes first when the store is full. */
    private Eviction eviction = Eviction.LRU;

    public DataSize getCapacity() {
      return capacity;
    }

    public void setCapacity(DataSize capacity) {
      this.capacity = capacity;
    }

    public Eviction getEviction() {
      return eviction;
    }

    public void setEviction(Eviction eviction) {
      this.eviction = eviction;
    }
  }

  /** daramjwee's file store: one framed file per entry, published by an atomic rename. */
  public static class File {

    /** The directory holding the entries; required for a file store. */
    private Path directory;

    /** The most bytes the store holds on disk. */
    private DataSize capacity = DataSize.ofGigabytes(1);

    /** Which entry goes first when the store is full. */
    private Eviction eviction = Eviction.LRU;

    /** Whether each commit is forced to disk before it is published. */
    private boolean fsync = true;

    /** Whether entries are published by copying rather than renaming, for file systems without atomic rename. */
    private boolean copyMode = false;

    public Path getDirectory() {
      return directory;
    }

    public void setDirectory(Path directory) {
      this.directory = directory;
    }

    public DataSize getCapacity() {
      return capacity;
    }

    public void setCapacity(DataSize capacity) {
      this.capacity = capacity;
    }

    public Eviction getEviction() {
      return eviction;
    }

    public void setEviction(Eviction eviction) {
      this.eviction = eviction;
    }

    public boolean isFsync() {
      return fsync;
    }

    public void setFsync(boolean fsync) {
      this.fsync = fsync;
    }

    public boolean isCopyMode() {
      return copyMode;
    }

    public void setCopyMode(boolean copyMode) {
      this.copyMode = copyMode;
    }
  }

  /** An S3 bucket, or a bucket on an S3-compatible server. */
  public static class S3 {

    /** The bucket holding the entries; required for an S3 store, and it must exist. */
    private String bucket;

    /** A prefix for every object name, such as cache/. */
    private String prefix = "";

    /** The bucket's region; unset uses the AWS SDK's region lookup. */
    private String region;

    /** The endpoint of an S3-compatible server; unset uses AWS. */
    private URI endpoint;

    /** Whether the bucket is addressed in the path rather than the host name, as most S3-compatible servers need. */
    private boolean pathStyle = false;

    /** The access key id; unset uses the AWS SDK's default credentials chain. */
    private String accessKeyId;

    /** The secret access key, set together with the access key id. */
    private String secretAccessKey;

    public String getBucket() {
      return bucket;
    }

    public void setBucket(String bucket) {
      this.bucket = bucket;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(URI endpoint) {
      this.endpoint = endpoint;
    }

    public boolean isPathStyle() {
      return pathStyle;
    }

    public void setPathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
    }

    public String getAccessKeyId() {
      return accessKeyId;
    }

    public void setAccessKeyId(String accessKeyId) {
      this.accessKeyId = accessKeyId;
    }

    public String getSecretAccessKey() {
      return secretAccessKey;
    }

    public void setSecretAccessKey(String secretAccessKey) {
      this.secretAccessKey = secretAccessKey;
    }
  }

  /** One route configured in properties. Unset freshness settings take the top-level ones. */
  public static class Route {

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

    /** Tags that name this route in purges. */
    private List<String> tags = new ArrayList<>();

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
}
