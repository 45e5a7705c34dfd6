/**
 * The daramjwee actuator parts: the {@code daramjwee} endpoint, which reads the cache's settings,
 * tiers, routes and counters and purges by key, path, route or tag
 * ({@link io.daramjwee.spring.actuate.DaramjweeEndpointAutoConfiguration}), and the
 * {@code daramjwee} health: an indicator per tier that reports a failing tier as
 * {@code DEGRADED}, never {@code DOWN}, and one for the purge marks, {@code DEGRADED} while they
 * are not all known or shared (the Boot-independent halves are {@code TierProbe} and
 * {@code PurgeProbe}; each starter's {@code DaramjweeHealthAutoConfiguration} adapts them).
 *
 * <p>The only package of the starter that imports the actuator. Route purges go through the
 * filter; the configuration that adapts it is guarded by the Servlet API, so the endpoint works
 * without one.
 */
package io.daramjwee.spring.actuate;
