/**
 * The daramjwee filter in front of a servlet web application:
 * {@link io.daramjwee.spring.web.DaramjweeWebAutoConfiguration} registers it, and
 * {@link io.daramjwee.spring.web.DaramjweeRoutes} is its route table, made of the
 * {@code daramjwee.routes[]} properties (proxy routes with their upstream HTTP clients) and the
 * Spring MVC handler methods annotated {@code @Daramjwee}, found on the handler mappings and
 * matched per request exactly as the {@code DispatcherServlet} will.
 *
 * <p>The only package of the starter that imports the Servlet API and Spring MVC. It does not
 * import the tiers, metrics or actuate packages: the filter hears the meters through
 * {@code CacheListener} beans, and the endpoint reads the table through its public methods.
 */
package io.daramjwee.spring.web;
