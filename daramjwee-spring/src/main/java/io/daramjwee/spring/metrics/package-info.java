/**
 * Micrometer meters of the daramjwee cache,
 * {@link io.daramjwee.spring.metrics.DaramjweeMetricsAutoConfiguration}: per-request counters
 * taken as the filter answers (a {@code CacheListener}), and the cache's own counters and store
 * sizes read when the registry publishes.
 *
 * <p>The only package of the starter that imports Micrometer; it needs no actuator.
 */
package io.daramjwee.spring.metrics;
