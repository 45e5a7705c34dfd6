package io.daramjwee.spring.web;

import io.daramjwee.http.RouteRules;
import io.daramjwee.spring.DaramjweeProperties;

/**
 * Route rules seeded with the top-level {@code daramjwee.*} settings, which a property route or an
 * annotation then overrides one by one. Stateless.
 */
final class RuleDefaults {

  private RuleDefaults() {}

  static RouteRules.Builder rules(String routeId, DaramjweeProperties properties) {
    return RouteRules.builder(routeId)
        .freshFor(properties.getFreshFor())
        .staleFor(properties.getStaleFor())
        .staleIfError(properties.getStaleIfError())
        .negativeFreshFor(properties.getNegativeFreshFor())
        .maxObjectSize(properties.getMaxObjectSize().toBytes())
        .respectCacheControl(properties.isRespectCacheControl())
        .honorRequestCacheControl(properties.isHonorRequestCacheControl())
        .targetedCacheControl(properties.getCacheControlField())
        .maxHeuristicFreshness(properties.getMaxHeuristicFreshness());
  }
}
