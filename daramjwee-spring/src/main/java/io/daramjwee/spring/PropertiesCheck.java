package io.daramjwee.spring;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.validation.Errors;

/**
 * Checks bound {@link DaramjweeProperties} with {@link Check}, rejecting each bad value under its
 * full path ({@code hot.memory.capacity}), so the startup failure names the property. The checks
 * run here rather than in the setters because the binder reports a throwing setter only under the
 * enclosing group ({@code daramjwee.hot.memory}), which leaves the user to guess which of its
 * properties is wrong. Not thread-safe: one per validation.
 */
final class PropertiesCheck {

  private final Errors errors;

  private PropertiesCheck(Errors errors) {
    this.errors = errors;
  }

  static void validate(DaramjweeProperties p, Errors errors) {
    PropertiesCheck c = new PropertiesCheck(errors);
    c.check("max-object-size", () -> Check.positive(p.getMaxObjectSize()));
    c.check("coalesce-timeout", () -> Check.positive(p.getCoalesceTimeout()));
    c.check("pass-for", () -> Check.nonNegative(p.getPassFor()));
    c.check("fresh-for", () -> Check.window(p.getFreshFor()));
    c.check("stale-for", () -> Check.window(p.getStaleFor()));
    c.check("stale-if-error", () -> Check.window(p.getStaleIfError()));
    c.check("negative-fresh-for", () -> Check.window(p.getNegativeFreshFor()));
    c.check("tag-header", () -> Check.headerName(p.getTagHeader()));
    c.check("cache-control-field", () -> Check.headerName(p.getCacheControlField()));
    c.check("max-heuristic-freshness", () -> Check.window(p.getMaxHeuristicFreshness()));

    WorkerProperties worker = p.getWorker();
    c.check("worker.threads", () -> Check.atLeastOne(worker.getThreads()));
    c.check("worker.queue-size", () -> Check.atLeastOne(worker.getQueueSize()));
    c.check("worker.job-timeout", () -> Check.positive(worker.getJobTimeout()));

    RefreshProperties refresh = p.getRefresh();
    c.checkIfSet("refresh.base-url", refresh.getBaseUrl(),
        () -> Check.httpUrl(refresh.getBaseUrl()));
    c.check("refresh.timeout", () -> Check.positive(refresh.getTimeout()));

    UpstreamProperties upstream = p.getUpstream();
    c.check("upstream.connect-timeout", () -> Check.positive(upstream.getConnectTimeout()));
    c.check("upstream.response-timeout", () -> Check.positive(upstream.getResponseTimeout()));
    c.check("upstream.max-connections", () -> Check.atLeastOne(upstream.getMaxConnections()));

    ClusterProperties cluster = p.getCluster();
    c.check("cluster.key-prefix", () -> Check.notBlank(cluster.getKeyPrefix()));
    c.check("cluster.command-timeout", () -> Check.positive(cluster.getCommandTimeout()));
    c.check("cluster.clock-resample", () -> Check.positive(cluster.getClockResample()));

    EhcacheStoreProperties ehcache = p.getHot().getEhcache();
    c.check("hot.ehcache.heap-size", () -> Check.positive(ehcache.getHeapSize()));
    c.check("hot.ehcache.off-heap-size", () -> Check.nonNegative(ehcache.getOffHeapSize()));
    c.check("hot.ehcache.disk-size", () -> Check.nonNegative(ehcache.getDiskSize()));
    c.check("hot.memory.capacity", () -> Check.positive(p.getHot().getMemory().getCapacity()));
    c.check("hot.file.capacity", () -> Check.positive(p.getHot().getFile().getCapacity()));
    c.check("cold.file.capacity", () -> Check.positive(p.getCold().getFile().getCapacity()));
    c.checkIfSet("hot.file.max-entries", p.getHot().getFile().getMaxEntries(),
        () -> Check.entryCount(p.getHot().getFile().getMaxEntries()));
    c.checkIfSet("cold.file.max-entries", p.getCold().getFile().getMaxEntries(),
        () -> Check.entryCount(p.getCold().getFile().getMaxEntries()));
    c.checkIfSet("hot.max-entry-size", p.getHot().getMaxEntrySize(),
        () -> Check.positive(p.getHot().getMaxEntrySize()));
    c.checkIfSet("warm.max-entry-size", p.getWarm().getMaxEntrySize(),
        () -> Check.positive(p.getWarm().getMaxEntrySize()));
    c.checkIfSet("cold.max-entry-size", p.getCold().getMaxEntrySize(),
        () -> Check.positive(p.getCold().getMaxEntrySize()));
    PromotionProperties promotion = p.getPromotion();
    c.check("promotion.probation-hits", () -> Check.atLeastOne(promotion.getProbationHits()));
    c.check("promotion.probation-window", () -> Check.positive(promotion.getProbationWindow()));
    S3StoreProperties s3 = p.getCold().getS3();
    c.checkIfSet("cold.s3.endpoint", s3.getEndpoint(), () -> Check.httpUrl(s3.getEndpoint()));

    List<RouteProperties> routes = p.getRoutes();
    for (int i = 0; i < routes.size(); i++) {
      c.route("routes[" + i + "].", routes.get(i));
    }
  }

  private void route(String path, RouteProperties r) {
    checkIfSet(path + "id", r.getId(), () -> Check.notBlank(r.getId()));
    checkIfSet(path + "pattern", r.getPattern(), () -> Check.pathPattern(r.getPattern()));
    checkIfSet(path + "upstream", r.getUpstream(), () -> Check.httpUrl(r.getUpstream()));
    checkIfSet(path + "fresh-for", r.getFreshFor(), () -> Check.window(r.getFreshFor()));
    checkIfSet(path + "stale-for", r.getStaleFor(), () -> Check.window(r.getStaleFor()));
    checkIfSet(path + "stale-if-error", r.getStaleIfError(),
        () -> Check.window(r.getStaleIfError()));
    checkIfSet(path + "negative-fresh-for", r.getNegativeFreshFor(),
        () -> Check.window(r.getNegativeFreshFor()));
    checkIfSet(path + "max-object-size", r.getMaxObjectSize(),
        () -> Check.positive(r.getMaxObjectSize()));
    check(path + "forward-headers", () -> {
      if (r.getForwardHeaders() == null) {
        throw new IllegalArgumentException("must be all or keyed");
      }
      return r.getForwardHeaders();
    });
  }

  private void check(String property, Supplier<?> check) {
    try {
      check.get();
    } catch (IllegalArgumentException e) {
      errors.rejectValue(property, "invalid", e.getMessage());
    }
  }

  /** Checks a value that may be left unset: unset means "use the default". */
  private void checkIfSet(String property, Object value, Supplier<?> check) {
    if (value != null) {
      check(property, check);
    }
  }
}
