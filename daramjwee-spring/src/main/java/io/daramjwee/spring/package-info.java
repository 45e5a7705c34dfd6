/**
 * The daramjwee Spring Boot starter's API: what an application names in its own code. The
 * {@link io.daramjwee.spring.Daramjwee @Daramjwee} annotation on handler methods, the
 * {@code daramjwee.*} properties ({@link io.daramjwee.spring.DaramjweeProperties} and its groups,
 * such as {@link io.daramjwee.spring.HotTierProperties}) with their validation, and
 * {@link io.daramjwee.spring.DaramjweeTiers}, the bean an application defines to bring stores of
 * its own.
 *
 * <p>The auto-configuration lives in sub-packages by concern, as Spring Boot's own does, each
 * depending on this package and never the other way round:
 *
 * <ul>
 *   <li>{@code tiers}: the cache and its tiers, one configuration per store backend;
 *   <li>{@code web}: the servlet filter and its route table ({@code daramjwee.routes[]} and
 *       annotated Spring MVC handlers);
 *   <li>{@code metrics}: Micrometer meters;
 *   <li>{@code actuate}: the {@code daramjwee} actuator endpoint and the tiers' health.
 * </ul>
 *
 * <p>{@code SpringPackageBoundariesTest} keeps these rules.
 */
package io.daramjwee.spring;
