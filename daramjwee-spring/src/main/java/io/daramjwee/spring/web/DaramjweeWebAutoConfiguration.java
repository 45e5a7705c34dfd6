package io.daramjwee.spring.web;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.servlet.CacheListener;
import io.daramjwee.servlet.DaramjweeFilter;
import io.daramjwee.spring.Daramjwee;
import io.daramjwee.spring.DaramjweeProperties;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Puts the daramjwee cache in front of a servlet web application: the route table
 * ({@link DaramjweeRoutes}: {@code daramjwee.routes[]} and {@link Daramjwee @Daramjwee} handlers),
 * the {@link DaramjweeFilter} over it, and the filter's registration for the {@code REQUEST} and
 * {@code ASYNC} dispatches, async supported, at {@code daramjwee.filter-order}. Every
 * {@link CacheListener} bean hears the filter's results, in bean order. Each bean backs
 * off for one of the user's; the registration for a bean named
 * {@code daramjweeFilterRegistration}, since bean conditions cannot tell registrations apart by
 * the filter they register.
 */
@AutoConfiguration(afterName = "io.daramjwee.spring.tiers.DaramjweeAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "daramjwee", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(DaramjweeCache.class)
@EnableConfigurationProperties(DaramjweeProperties.class)
public class DaramjweeWebAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DaramjweeRoutes daramjweeRoutes(DaramjweeProperties properties, ApplicationContext context) {
    return new DaramjweeRoutes(properties, context);
  }

  @Bean
  @ConditionalOnMissingBean
  DaramjweeFilter daramjweeFilter(DaramjweeCache cache, DaramjweeRoutes routes,
      DaramjweeProperties properties, ObjectProvider<PurgeLog> purgeLog,
      ObjectProvider<Clock> clock, ObjectProvider<CacheListener> listeners) {
    // The routes resolve every request, so a table with no routes yet is a valid filter.
    DaramjweeFilter.Builder filter = DaramjweeFilter.builder(cache)
        .routes(routes)
        .cacheStatusHeader(properties.isCacheStatus())
        .passFor(properties.getPassFor())
        .refreshTimeout(properties.getRefresh().getTimeout())
        .exposeTagHeader(properties.isExposeTagHeader())
        .listener(CompositeCacheListener.of(listeners.orderedStream().toList()));
    try {
      filter.tagHeader(properties.getTagHeader());
    } catch (IllegalArgumentException | NullPointerException e) {
      // The properties' own check names it first; this holds for properties built in code.
      throw new InvalidConfigurationPropertyValueException("daramjwee.tag-header",
          properties.getTagHeader(), e.getMessage());
    }
    if (properties.getRefresh().getBaseUrl() != null) {
      try {
        filter.refreshBaseUrl(properties.getRefresh().getBaseUrl());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException("daramjwee.refresh.base-url",
            properties.getRefresh().getBaseUrl(), e.getMessage());
      }
    }
    PurgeLog log = purgeLog.getIfAvailable();
    if (log != null) {
      filter.purgeLog(log).clock(log.clock()); // the clock the cache stamps entries on
    } else {
      clock.ifUnique(filter::clock);
    }
    return filter.build();
  }

  @Bean
  @ConditionalOnMissingBean(name = "daramjweeFilterRegistration")
  FilterRegistrationBean<DaramjweeFilter> daramjweeFilterRegistration(DaramjweeFilter filter,
      DaramjweeProperties properties) {
    FilterRegistrationBean<DaramjweeFilter> registration = new FilterRegistrationBean<>(filter);
    // ASYNC too: the async part of a miss must write through the same tee.
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    registration.setAsyncSupported(true);
    registration.addUrlPatterns("/*");
    registration.setOrder(properties.getFilterOrder());
    return registration;
  }
}
