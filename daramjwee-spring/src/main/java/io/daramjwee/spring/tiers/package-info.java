/**
 * The daramjwee cache and its tiers, from {@code daramjwee.*}:
 * {@link io.daramjwee.spring.tiers.DaramjweeAutoConfiguration}, one package-private
 * configuration per store backend (Ehcache, memory, file, S3, Redis), each offering a store
 * factory only when its library is present, and the table-driven selection of the hot, warm and
 * cold tiers that fails naming the property and the dependency to add. The Redis server of the
 * warm tier and cluster mode is the one Spring Boot connects to: the application's Redis
 * connection-details bean, read by the starter's reader for its Boot generation, else
 * {@code spring.data.redis.*}. A store builder's rejected setting
 * ({@code io.daramjwee.InvalidSettingException}) becomes a startup failure naming the property
 * that fed it.
 *
 * <p>Imports the starter's API package and daramjwee's engine and stores; no servlet, Spring MVC,
 * actuator or Micrometer type. {@link io.daramjwee.spring.tiers.StoreSize} is public only for the
 * metrics and actuate packages.
 */
package io.daramjwee.spring.tiers;
