package io.daramjwee.spring.metrics;

import io.daramjwee.http.CacheResult;
import io.daramjwee.servlet.CacheListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts the filter's answers: {@code daramjwee.requests{route,result,tier}} and
 * {@code daramjwee.bytes.served{route,tier}}. The {@code tier} tag is the tier's name
 * ({@code hot}, {@code cold}); a request no tier answered is {@code none}, and bytes no tier sent
 * came from the {@code origin}.
 *
 * <p>It runs on every request, so each (route, result, tier) counter is looked up in the registry
 * once and then kept in an array per route: after the first request of a kind, counting is a map
 * read, an array read and an increment, with no tags built.
 *
 * <p>Thread-safe: two first requests may both register a counter, and the registry answers both
 * with the same one.
 */
final class RequestMetrics implements CacheListener {

  private static final CacheResult[] RESULTS = CacheResult.values();

  private final MeterRegistry registry;
  private final String[] tierNames;
  private final ConcurrentHashMap<String, AtomicReferenceArray<Counter>> requests =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicReferenceArray<Counter>> bytes =
      new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry, List<String> tierNames) {
    this.registry = registry;
    this.tierNames = tierNames.toArray(new String[0]);
  }

  @Override
  public void onRequest(String routeId, CacheResult result, int tier) {
    if (!known(tier)) {
      requestCounter(routeId, result, tier).increment(); // not kept: a tier we were not told of
      return;
    }
    AtomicReferenceArray<Counter> counters = requests.computeIfAbsent(routeId,
        id -> new AtomicReferenceArray<>(RESULTS.length * slots()));
    int slot = result.ordinal() * slots() + tier + 1;
    Counter counter = counters.get(slot);
    if (counter == null) {
      counter = requestCounter(routeId, result, tier);
      counters.set(slot, counter);
    }
    counter.increment();
  }

  @Override
  public void onBodySent(String routeId, int tier, long bytesSent) {
    if (!known(tier)) {
      bytesCounter(routeId, tier).increment(bytesSent);
      return;
    }
    AtomicReferenceArray<Counter> counters =
        bytes.computeIfAbsent(routeId, id -> new AtomicReferenceArray<>(slots()));
    Counter counter = counters.get(tier + 1);
    if (counter == null) {
      counter = bytesCounter(routeId, tier);
      counters.set(tier + 1, counter);
    }
    counter.increment(bytesSent);
  }

  private Counter requestCounter(String routeId, CacheResult result, int tier) {
    return Counter.builder("daramjwee.requests")
        .description("Requests on cached routes, by how the cache answered them")
        .tag("route", routeId)
        .tag("result", result.tag())
        .tag("tier", tier == -1 ? "none" : tierName(tier))
        .register(registry);
  }

  private Counter bytesCounter(String routeId, int tier) {
    return Counter.builder("daramjwee.bytes.served")
        .description("Response body bytes sent on cached routes, by the tier they came from")
        .baseUnit("bytes")
        .tag("route", routeId)
        .tag("tier", tier == -1 ? "origin" : tierName(tier))
        .register(registry);
  }

  /** One slot per tier, and slot 0 for "no tier". */
  private int slots() {
    return tierNames.length + 1;
  }

  private boolean known(int tier) {
    return tier >= -1 && tier < tierNames.length;
  }

  private String tierName(int tier) {
    return tier >= 0 && tier < tierNames.length ? tierNames[tier] : String.valueOf(tier);
  }
}
