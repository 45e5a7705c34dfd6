/**
 * The daramjwee actuator parts: the {@code daramjwee} endpoint, which reads the cache's settings,
 * tiers, routes and counters and purges by key, path, route or tag
 * ({@link io.daramjwee.spring.actuate.DaramjweeEndpointAutoConfiguration}), and a health
 * indicator per tier that reports a failing tier as {@code DEGRADED}, never {@code DOWN}
 * ({@link io.daramjwee.spring.actuate.DaramjweeHealthAutoConfiguration}).
 *
 * <p>The only package of the starter that imports the actuator. Route purges go through the
 * filter; the configuration that adapts it is guarded by the Servlet API, so the endpoint works
 * without one.
 */
package io.daramjwee.spring.actuate;
