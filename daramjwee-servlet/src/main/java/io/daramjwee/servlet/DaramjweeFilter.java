package io.daramjwee.servlet;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.http.Headers;
import io.daramjwee.http.RouteRules;
import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP response cache as a servlet filter. Requests on its routes are served from a
 * {@link DaramjweeCache} cache; a miss runs the controller (the rest of the filter chain) or the
 * route's upstream, streaming the response to the client and into the cache at once. Register it
 * for the {@code REQUEST} and {@code ASYNC} dispatcher types, with async support on:
 *
 * <pre>{@code
 * DaramjweeFilter filter = DaramjweeFilter.builder(cache)
 *     .route(Route.controller("/articles/**", RouteRules.builder("articles")
 *         .freshFor(Duration.ofMinutes(5)).staleFor(Duration.ofMinutes(1)).build()))
 *     .build();
 * FilterRegistration.Dynamic registration = servletContext.addFilter("daramjwee", filter);
 * registration.setAsyncSupported(true);
 * registration.addMappingForUrlPatterns(
 *     EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p>What it does with a request is the specification in DESIGN.md §5: GET and HEAD only,
 * bypassed on {@code Authorization} and {@code no-store}; responses stored only when safe to share
 * ({@code Set-Cookie}, {@code private}, {@code no-store}, {@code Vary: *}, other statuses and
 * oversized bodies are not); hits answered with {@code Age}, {@code Cache-Status}, 304 and 206;
 * stale entries refreshed in the background; any cache failure served from the origin, never a
 * 5xx. Each entry is stored with its tags: the route's templates ({@code RouteRules.tags}) and
 * the response's tag header ({@link Builder#tagHeader}). The filter does not own the cache:
 * closing it is its creator's job. Thread-safe.
 */
public final class DaramjweeFilter implements Filter {

  // What it was built with, and what its requests share, are kept apart: the settings never
  // change; the state (pass marks, learned Vary names, purges, the refresh token) does.
  private final RouteResolver routes;
  private final FilterState state;
  private final CacheGate cache;
  private final ControllerFlow controllerFlow;
  private final ProxyFlow proxyFlow;

  private DaramjweeFilter(FilterSettings settings) {
    this.routes = settings.routes();
    this.state = new FilterState(settings.passFor(), settings.clock(), settings.purgeLog(),
        settings.marksKeptFor());
    this.cache = new CacheGate(settings.cache(), state);
    Outcomes outcomes = new Outcomes(settings, state);
    EntryTagger tagger = new EntryTagger(settings.tagHeader(), settings.exposeTagHeader());
    this.controllerFlow = new ControllerFlow(cache, state, outcomes, tagger,
        ControllerRefresh.Setup.of(settings, state, tagger));
    this.proxyFlow = new ProxyFlow(cache, state, outcomes, tagger);
  }

  /** A builder for a filter over {@code cache}, with the defaults its setters document. */
  public static Builder builder(DaramjweeCache cache) {
    return new Builder(cache);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    DispatcherType type = request.getDispatcherType();
    if (type == DispatcherType.ASYNC) {
      // The async part of a miss writes through the same tee as the part before it.
      TeeResponse tee = (TeeResponse) request.getAttribute(TeeResponse.ATTRIBUTE);
      boolean wrapped = tee == null || res == tee
          || res instanceof ServletResponseWrapper w && w.isWrapperFor(tee);
      chain.doFilter(request, wrapped ? res : tee);
      return;
    }
    if (type != DispatcherType.REQUEST) {
      chain.doFilter(request, response);
      return;
    }
    if (state.refreshToken().presentedBy(request)) {
      // Our own refresh runs the controller uncached, the route's tags stamped on for the worker.
      RefreshTagStamp.run(routes.resolve(request), request, response, chain);
      return;
    }
    Route route = routes.resolve(request);
    if (route == null) {
      chain.doFilter(request, response);
    } else if (route.upstream() != null) {
      proxyFlow.serve(new Exchange(route, request, response));
    } else {
      controllerFlow.serve(new Exchange(route, request, response), chain);
    }
  }

  /**
   * Takes {@code purge} now, for every tier: a hard purge makes every entry it covers be fetched
   * again when next requested (and then deleted), as if it had never been stored; a soft one
   * serves them as stale inside their stale window while one refresh per key replaces them. The
   * mark is checked on every hit, never by listing a store, and kept as long as an entry it
   * covers could still be served. With the builder's {@link Builder#purgeLog PurgeLog} it also
   * outlives a restart and reaches the other instances; a failure to journal or share it is
   * logged and counted, never thrown: the purge applies here at once regardless. A key purge
   * also deletes the key from every tier at once.
   */
  public void purge(Purge purge) {
    state.purge(Objects.requireNonNull(purge, "purge"));
    if (purge.kind() == Purge.Kind.KEY && !purge.soft()) {
      cache.invalidate(purge.value());
    }
  }

  /** A hard purge of the route {@code routeId}: {@code purge(Purge.route(routeId))}. */
  public void purgeRoute(String routeId) {
    purge(Purge.route(routeId));
  }

  /**
   * A hard purge of {@code path}, the decoded path inside the application, without the context
   * path ({@code /articles/1}): every query, host and {@code Vary} variant any route stored for
   * it. {@code purge(Purge.path(path))}.
   *
   * @throws IllegalArgumentException when {@code path} does not start with {@code /}
   */
  public void purgePath(String path) {
    purge(Purge.path(path));
  }

  /**
   * Configures a {@link DaramjweeFilter}. Every setter checks its value at once and throws
   * {@link IllegalArgumentException} naming it. Not thread-safe.
   */
  public static final class Builder {
    private final DaramjweeCache cache;
    private final List<Route> routes = new ArrayList<>();
    private RouteResolver resolver;
    private boolean cacheStatusHeader = true;
    private Duration passFor = Duration.ofSeconds(30);
    private URI refreshBaseUrl;
    private Duration refreshTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private CacheListener listener = CacheListener.NONE;
    private PurgeLog purgeLog;
    private Duration marksKeptFor;
    private String tagHeader = "Surrogate-Key";
    private boolean exposeTagHeader;

    private Builder(DaramjweeCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** Adds a route; routes are tried in the order added, and the first whose pattern matches wins. */
    public Builder route(Route route) {
      routes.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /** Resolves routes with {@code resolver} instead of the routes' path patterns. */
    public Builder routes(RouteResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Whether responses carry an RFC 9211 {@code Cache-Status} field. Default: true. */
    public Builder cacheStatusHeader(boolean enabled) {
      this.cacheStatusHeader = enabled;
      return this;
    }

    /**
     * How long a key whose response proved uncacheable goes straight to the origin, skipping
     * coalescing; zero turns it off. Default: 30 s.
     */
    public Builder passFor(Duration passFor) {
      this.passFor = nonNegative("passFor", passFor);
      return this;
    }

    /**
     * Where controller refreshes send their loopback request: the application's own base URL,
     * context path included. Default: the request's scheme, {@code 127.0.0.1}, the port the
     * request arrived on, and the context path, which suits any container listening on loopback; set it when the
     * container does not (it must still reach the application over loopback, since the filter
     * accepts its refresh token only from a loopback address).
     */
    public Builder refreshBaseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "refreshBaseUrl");
      if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())
          || baseUrl.getHost() == null || baseUrl.getQuery() != null
          || baseUrl.getFragment() != null) {
        throw new IllegalArgumentException(
            "refreshBaseUrl must be an http(s) URL with a host and no query: " + baseUrl);
      }
      this.refreshBaseUrl = baseUrl;
      return this;
    }

    /** How long a controller refresh waits to connect, and for each read. Default: 30 s. */
    public Builder refreshTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "refreshTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("refreshTimeout must be positive: " + timeout);
      }
      this.refreshTimeout = timeout;
      return this;
    }

    /** The clock of {@code Age}, {@code Cache-Status} and pass marks; use the cache's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Hears how each request on a route was answered, for metrics. Default: none. */
    public Builder listener(CacheListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Where purge marks are kept and shared: a {@link PurgeLog} with a journal outlives a restart,
     * one with a channel reaches every instance of a cluster. The filter does not close it.
     * Default: marks held in this process's memory only.
     */
    public Builder purgeLog(PurgeLog purgeLog) {
      this.purgeLog = Objects.requireNonNull(purgeLog, "purgeLog");
      return this;
    }

    /**
     * How long a purge mark is kept: the longest any entry it covers could still be served.
     * Default: the longest {@link io.daramjwee.http.RouteRules#longestLife()} of the routes
     * added, or twice {@link io.daramjwee.http.RouteRules#MAX_WINDOW} with a route resolver, whose
     * routes the filter cannot see. A shorter value lets an entry purged before a restart be
     * served again after it.
     */
    public Builder marksKeptFor(Duration keptFor) {
      Objects.requireNonNull(keptFor, "marksKeptFor");
      if (keptFor.isNegative() || keptFor.isZero()) {
        throw new IllegalArgumentException("marksKeptFor must be positive: " + keptFor);
      }
      this.marksKeptFor = keptFor;
      return this;
    }

    /**
     * The response header that names an entry's tags, space-separated, repeated fields combined.
     * Default: {@code Surrogate-Key}.
     *
     * @throws IllegalArgumentException when {@code name} is not a header name (an RFC 9110 token)
     */
    public Builder tagHeader(String name) {
      Objects.requireNonNull(name, "tagHeader");
      if (!Headers.isToken(name)) {
        throw new IllegalArgumentException("tagHeader must be a header name: '" + name + "'");
      }
      this.tagHeader = name;
      return this;
    }

    /**
     * Whether the tag header reaches clients. Default: false, so it is removed from every
     * response on a route (a miss, a hit, a pass-through) and not stored with the entry's other
     * header fields; true passes it through and stores it like any other header field.
     */
    public Builder exposeTagHeader(boolean expose) {
      this.exposeTagHeader = expose;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @throws IllegalStateException when neither routes nor a resolver were given
     */
    public DaramjweeFilter build() {
      if (resolver == null && routes.isEmpty()) {
        throw new IllegalStateException("a filter needs at least one route or a route resolver");
      }
      RouteResolver chosen = resolver != null ? resolver : new PatternRoutes(routes);
      return new DaramjweeFilter(new FilterSettings.Builder()
          .cache(cache, chosen)
          .answers(cacheStatusHeader, passFor, listener)
          .refresh(refreshBaseUrl, refreshTimeout)
          .tags(tagHeader, exposeTagHeader)
          .clock(clock)
          .purges(purgeLog != null ? purgeLog : PurgeLog.builder().clock(clock).build(),
              marksKeptFor != null ? marksKeptFor : longestLife(resolver == null ? routes : null))
          .build());
    }

    /** The longest life of {@code routes}' entries; the bound of any route when unknown. */
    private static Duration longestLife(List<Route> routes) {
      Duration longest = routes == null ? RouteRules.MAX_WINDOW.multipliedBy(2) : Duration.ZERO;
      for (Route route : routes == null ? List.<Route>of() : routes) {
        Duration life = route.rules().longestLife();
        longest = life.compareTo(longest) > 0 ? life : longest;
      }
      return longest.isZero() ? Duration.ofSeconds(1) : longest;
    }

    private static Duration nonNegative(String setting, Duration d) {
      Objects.requireNonNull(d, setting);
      if (d.isNegative()) {
        throw new IllegalArgumentException(setting + " must not be negative: " + d);
      }
      return d;
    }
  }
}
